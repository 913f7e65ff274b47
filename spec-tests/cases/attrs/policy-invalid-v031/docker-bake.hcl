target "app" {
  policy = [{filename = "a.rego", strict = "maybe"}]
}
