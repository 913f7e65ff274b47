variable "MIN" {
  default = 0
}
variable "VALUE" {
  default = 1
  validation {
    condition     = VALUE >= MIN
    error_message = "VALUE is below MIN."
  }
}
target "app" {
  args = { VALUE = VALUE }
}
