variable "LIST" {
  type    = list(string)
  default = []
}
target "app" {
  tags = LIST
}
