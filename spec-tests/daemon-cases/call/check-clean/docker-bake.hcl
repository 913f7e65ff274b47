target "default" {
  description = "a clean Dockerfile"
}
