variable "X" {
  default = "x"
  validation {
    condition     = "not a bool"
    error_message = "never shown"
  }
}
target "app" {}
