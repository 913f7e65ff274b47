variable "S" {
  default = "default"
}
target "app" {
  args = { S = S, IS_EMPTY = S == "" }
}
