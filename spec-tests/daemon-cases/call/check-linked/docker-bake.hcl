target "base" {
  dockerfile = "base.Dockerfile"
}
target "app" {
  dockerfile = "app.Dockerfile"
  contexts = { base = "target:base" }
}
