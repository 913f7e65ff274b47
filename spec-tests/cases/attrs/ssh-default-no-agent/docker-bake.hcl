target "app" {
  ssh = ["default"]
}
