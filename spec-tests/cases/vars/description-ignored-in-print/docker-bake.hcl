variable "TAG" {
  description = "The image tag"
  default     = "dev"
}
target "app" {
  tags = ["app:${TAG}"]
}
