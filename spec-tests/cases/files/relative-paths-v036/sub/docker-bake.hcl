target "app" {
  context = "."
  dockerfile = "app.Dockerfile"
}
