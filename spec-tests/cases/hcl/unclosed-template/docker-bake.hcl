target "app" {
  tags = ["${oops"]
}
