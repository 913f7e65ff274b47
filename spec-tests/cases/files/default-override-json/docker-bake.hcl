target "app" {
  tags = ["hcl"]
}
