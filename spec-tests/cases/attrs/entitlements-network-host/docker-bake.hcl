target "app" {
  network      = "host"
  entitlements = ["security.insecure", "security.insecure", "device=nvidia.com/gpu=all"]
}
