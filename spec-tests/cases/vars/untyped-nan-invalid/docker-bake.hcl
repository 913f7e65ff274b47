variable "N" {
  default = 3
}
target "app" {
  args = { N = N }
}
