variable "TAG" {
  description = "Image tag"
  default     = "latest"
}
variable "TYPED" {
  type    = list(string)
  default = ["<a>"]
}
variable "UNSET" {}
target "default" {}
