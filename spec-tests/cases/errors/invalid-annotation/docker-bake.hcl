target "app" {
  annotations = ["no-equals-sign"]
}
