variable "PORT" {
  type    = number
  default = 80
  validation {
    condition     = PORT > 0 && PORT < 65536
    error_message = "PORT must be a valid port."
  }
}
target "app" {
  args = { PORT = PORT }
}
