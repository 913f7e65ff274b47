target "app" {
  entitlements = ["security.insecure"]
  dockerfile-inline = "FROM scratch"
}
