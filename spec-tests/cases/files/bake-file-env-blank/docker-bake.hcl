target "default" {
  tags = ["default-lookup"]
}
