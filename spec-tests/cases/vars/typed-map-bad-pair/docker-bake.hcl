variable "M" {
  type = map(string)
}
target "app" {
  labels = M
}
