target "app" {
  call = "outline"
}
