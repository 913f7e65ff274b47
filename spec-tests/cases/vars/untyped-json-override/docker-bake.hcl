variable "UNTYPED" {}
variable "BOTH" {
  default = "d"
}
variable "lower" {
  default = "kept"
}
target "app" {
  args = {
    UNTYPED = UNTYPED
    BOTH    = BOTH
    LOWER   = lower
  }
}
