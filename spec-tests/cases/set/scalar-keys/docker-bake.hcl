target "app" {
  context    = "src"
  dockerfile = "Dockerfile.app"
  target     = "build"
}
