variable "A" {
  default = "a"
}
target "default" {}
