target "base" {
  policy = [{filename = "base.rego", reset = true, "log-level" = "warn"}]
}
target "app" {
  inherits = ["base"]
  policy = [
    "filename=a.rego,filename=b.rego,strict=1",
    "",
    {filename = "c.rego", strict = "", disabled = null, reset = false},
    "Log-Level=ERROR",
  ]
}
target "ref" {
  args = {
    app   = jsonencode(target.app.policy)
    unset = jsonencode(target.ref2.policy)
  }
}
target "ref2" {}
