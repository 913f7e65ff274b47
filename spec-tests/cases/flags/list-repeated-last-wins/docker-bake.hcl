variable "TAG" {
  default = "x"
}
target "app" {
  description = "the app"
}
