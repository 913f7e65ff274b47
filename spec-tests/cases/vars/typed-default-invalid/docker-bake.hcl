variable "N" {
  type    = number
  default = "abc"
}
target "app" {
  args = { N = N }
}
