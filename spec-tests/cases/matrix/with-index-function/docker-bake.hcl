VERSIONS = ["1.0", "2.0", "3.0"]
target "app" {
  name   = "app-${replace(v, ".", "-")}"
  matrix = { v = VERSIONS }
  tags   = indexof(VERSIONS, v) == length(VERSIONS) - 1 ? ["app:${v}", "app:latest"] : ["app:${v}"]
}
