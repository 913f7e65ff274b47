# cty's JSON of typed values: numbers as cty prints them (not their binary expansion), HTML-safe
# escaping, and every place the type says "any" wrapped with the value's type
variable "n" {
  type    = number
  default = 0.1
}
variable "o" {
  type    = object({b = number, a = list(string)})
  default = {a = ["<x>", "é\u0008\u000c\u2028"], b = 1/3}
}
variable "d" {
  type    = any
  default = {z = 0.7, y = "q"}
}
variable "m" {
  default = {k = 2.5e-3}
}
variable "l" {
  type    = list(any)
  default = ["a", "b"]
}
variable "oa" {
  type    = object({a = any, b = string})
  default = {a = 1, b = "x"}
}
variable "t" {
  type    = map(any)
  default = {k = true}
}
target "default" {}
