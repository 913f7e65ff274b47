variable "PORT" {
  default = 80
  validation {
    condition = PORT > 1000
    error_message = "PORT must be above 1000."
  }
}

target "app" {
  args = { P = PORT }
}
