target "app" {
  tags = ["app:orig"]
}
target "other" {
  tags = ["o:orig"]
}
