variable "NULLED" {
  default = null
}
target "app" {
  args = { NULLED = NULLED }
}
