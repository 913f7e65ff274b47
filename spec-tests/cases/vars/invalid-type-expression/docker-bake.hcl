variable "X" {
  type    = "string"
  default = "a"
}
target "app" {}
