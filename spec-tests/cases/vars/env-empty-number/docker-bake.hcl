variable "N" {
  default = 1
}
target "app" {
  args = { N = N }
}
