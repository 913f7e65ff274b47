target "app" {
  policy = ["filename=policy.rego,strict=true"]
}
