target "default" {
  tags = ["i-am-default"]
}
target "other" {}
