variable "S" {
  type    = string
  default = "hello"
}
variable "NUM" {
  type        = number
  default     = 1
  description = "a number"
}
variable "B" {
  type    = bool
  default = false
}
variable "L" {
  type    = list(string)
  default = ["a", "b"]
}
variable "SETB" {
  type    = set(bool)
  default = [true]
}
variable "M" {
  type    = map(string)
  default = { k = "v" }
}
variable "T" {
  type    = tuple([string, number])
  default = ["x", 1]
}
variable "O" {
  type    = object({ a = string })
  default = { a = "b" }
}
variable "ANY" {
  type    = any
  default = "anything"
}
variable "NUL" {
  type = string
}
target "default" {}
