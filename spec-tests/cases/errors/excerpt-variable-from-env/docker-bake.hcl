variable "FOO" {
  default = 1
}
target "app" {
  args = { A = FOO }
}
