variable "TAGS" {
  type = set(string)
}
variable "PAIR" {
  type = tuple([string, number])
}
target "app" {
  tags = TAGS
  args = {
    FIRST  = PAIR[0]
    SECOND = PAIR[1] + 1
  }
}
