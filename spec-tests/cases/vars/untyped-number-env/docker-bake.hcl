variable "NUM" {
  default = 3
}
variable "FLAG" {
  default = true
}
target "app" {
  args = {
    NUM_PLUS = NUM + 1
    FLAG     = FLAG
    NOT_FLAG = !FLAG
  }
}
