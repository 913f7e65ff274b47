variable "X" {
  default = "x"
  validation {
  }
}
target "app" {}
