variable "N" {
  type    = number
  default = "99"
}
variable "B" {
  type    = bool
  default = "true"
}
variable "L" {
  type    = list(string)
  default = [1, true, "x"]
}
target "app" {
  args = {
    N = N + 1
    B = !B
  }
  tags = L
}
