target "app" {
  annotations = ["a=1"]
  tags        = ["t"]
}
