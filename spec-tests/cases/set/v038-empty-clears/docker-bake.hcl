target "app" {
  annotations = ["a=0"]
  entitlements = ["network.host"]
  cache-from = ["user/app:cache"]
  tags = ["old"]
}
