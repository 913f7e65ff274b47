target "app" {
  target = "from-override-hcl"
}
