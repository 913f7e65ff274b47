target "base" {
  platforms = ["linux/amd64"]
}
target "app" {
  inherits = ["base"]
}
