target "app" {
  tags = ["old"]
  platforms = ["linux/amd64"]
  annotations = ["a=0"]
}
