group "default" {
  targets = ["lint", "app", "one"]
}
target "lint" {
  dockerfile = "lint.Dockerfile"
  call = "check"
}
target "one" {
  description = "one warning"
  dockerfile = "one.Dockerfile"
  call = "check"
}
target "app" {
  dockerfile = "app.Dockerfile"
  output = ["type=local,dest=build"]
}
