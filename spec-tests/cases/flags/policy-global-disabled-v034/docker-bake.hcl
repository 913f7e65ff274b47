target "app" {
  policy = ["filename=a.rego"]
}
target "other" {}
