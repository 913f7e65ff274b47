target "web_app" {
  tags = ["dotted"]
}
