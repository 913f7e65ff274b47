target "app" {
  tags = [nosuchfunc("x")]
}
