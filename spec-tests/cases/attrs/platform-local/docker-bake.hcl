target "app" {
  platforms = ["local", "linux/arm64"]
}
