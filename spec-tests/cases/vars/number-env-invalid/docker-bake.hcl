variable "N" {
  type    = number
  default = 1
}
target "app" {
  args = { N = N }
}
