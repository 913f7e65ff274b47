target "app" {
  context = "cwd://sub"
}
