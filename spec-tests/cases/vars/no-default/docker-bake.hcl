variable "UNTYPED" {}
variable "TYPED" {
  type = string
}
variable "NULLED" {
  default = null
}
target "app" {
  args = {
    UNTYPED = UNTYPED
    NULLED  = NULLED
    IS_NULL = TYPED == null ? "null" : "set"
    EMPTY   = UNTYPED == "" ? "empty" : "other"
  }
}
