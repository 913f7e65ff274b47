variable "N" {
  type = number
  default = "x"
}
target "app" {}
