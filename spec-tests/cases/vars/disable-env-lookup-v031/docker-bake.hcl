variable "TAG" {
  default = "file"
}
target "app" {
  tags = ["app:${TAG}"]
}
