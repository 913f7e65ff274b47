variable "PAIR" {
  type = tuple([string, number])
}
target "app" {
  args = { A = PAIR[0] }
}
