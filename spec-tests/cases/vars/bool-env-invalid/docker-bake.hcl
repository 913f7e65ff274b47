variable "B" {
  default = true
}
target "app" {
  args = { B = B }
}
