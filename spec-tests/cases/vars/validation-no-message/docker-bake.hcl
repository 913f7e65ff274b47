variable "X" {
  default = "x"
  validation {
    condition = X == "y"
  }
}
target "app" {}
