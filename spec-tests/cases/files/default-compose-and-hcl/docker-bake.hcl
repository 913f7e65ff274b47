target "app" {
  args = { SHARED = "hcl" }
  tags = ["app:hcl"]
}
