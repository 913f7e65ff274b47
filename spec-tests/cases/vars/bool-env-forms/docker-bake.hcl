variable "A" {
  type = bool
}
variable "B" {
  type = bool
}
variable "C" {
  default = false
}
variable "D" {
  default = true
}
target "app" {
  args = { A = A, B = B, C = C, D = D }
}
