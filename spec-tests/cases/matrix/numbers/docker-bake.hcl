VERSIONS = [18, 20]
target "app" {
  name   = "node-${v}"
  matrix = { v = VERSIONS }
  args   = { NODE = v }
}
