target "app" {
  annotations  = ["old=0"]
  entitlements = ["security.insecure"]
}
