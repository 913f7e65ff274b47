target "app" {
  platfroms = ["linux/amd64"]
  tags      = ["app"]
  whatever  = { a = 1 }
}
