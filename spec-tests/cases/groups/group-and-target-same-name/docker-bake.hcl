group "foo" {
  targets = ["foo", "bar"]
}
target "foo" {
  tags = ["the-target"]
}
target "bar" {}
