target "app" {
  platforms = ["linux/amd64", "linux/arm64,linux/arm/v7", "", "linux/amd64"]
}
