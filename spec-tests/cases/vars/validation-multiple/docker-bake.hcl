variable "NAME" {
  default = "valid-name"
  validation {
    condition     = NAME != ""
    error_message = "NAME must not be empty."
  }
  validation {
    condition     = strlen(NAME) >= 3
    error_message = "NAME must have at least 3 characters."
  }
}
target "app" {
  args = { NAME = NAME }
}
