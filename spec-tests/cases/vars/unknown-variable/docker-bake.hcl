target "app" {
  tags = ["${MISSING}"]
}
