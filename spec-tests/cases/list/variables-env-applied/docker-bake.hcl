variable "TAG" {
  default = "latest"
}
variable "L" {
  type    = list(string)
  default = []
}
target "default" {}
