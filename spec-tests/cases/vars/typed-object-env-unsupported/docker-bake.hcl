variable "CFG" {
  type    = object({ a = string })
  default = { a = "x" }
}
target "app" {
  args = { A = CFG.a }
}
