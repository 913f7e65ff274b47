target "app" {
  ulimits = ["nofile"]
}
