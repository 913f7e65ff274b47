variable "TAG" {
  default = "latest"
}
variable "REPO" {
  default = "user/app"
}
target "app" {
  tags = ["${REPO}:${TAG}"]
}
