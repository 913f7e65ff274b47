variable "A" {
  default = "default"
}
target "app" {
  args = { A = A }
}
