variable "L" {
  default = null
}
target "app" {
  tags = [for x in L : x]
}
