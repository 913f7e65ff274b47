target "app" {
  call = "check"
}
