variable "S" {
  type    = string
  default = "d"
}
variable "N" {
  type    = number
  default = 1
}
variable "B" {
  type    = bool
  default = false
}
target "app" {
  args = {
    S = S
    N = N * 2
    B = B ? "yes" : "no"
  }
}
