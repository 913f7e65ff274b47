variable "PORT" {
  type    = number
  default = 80
  validation {
    condition     = PORT > 0
    error_message = "PORT must be positive, got ${PORT}."
  }
}
target "app" {
  args = { PORT = PORT }
}
