variable "OVERRIDDEN" {
  type    = number
  default = 1
}
variable "SHADOWED" {
  type    = number
  default = 1
}
SHADOWED   = "not-a-number"
OVERRIDDEN = "attr"
target "app" {
  args = { S = SHADOWED, O = OVERRIDDEN }
}
