REPO = "first"
target "app" {
  tags = ["${REPO}/app"]
}
