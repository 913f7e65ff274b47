target "app" {
  ssh = ["default", true]
}
