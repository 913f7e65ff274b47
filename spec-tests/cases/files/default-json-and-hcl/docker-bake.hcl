target "app" {
  args = { H = "hcl", BOTH = "hcl" }
}
