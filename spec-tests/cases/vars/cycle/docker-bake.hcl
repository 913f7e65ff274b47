variable "A" {
  default = "${A}-again"
}
target "app" {
  args = { A = A }
}
