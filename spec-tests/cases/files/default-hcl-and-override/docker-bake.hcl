group "default" {
  targets = ["app"]
}
target "app" {
  dockerfile = "a.Dockerfile"
  tags       = ["app:base"]
  args       = { A = "1", B = "2" }
}
