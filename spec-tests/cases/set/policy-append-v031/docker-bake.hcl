target "app" {
  policy = ["filename=a.rego"]
}
target "other" {
  policy = ["filename=a.rego"]
}
