variable "LIST" {
  default = ["x"]
}
target "app" {
  tags = LIST
}
