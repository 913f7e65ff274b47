variable "FORCE" {
  default = null
}
target "app" {
  no-cache = (true || FORCE)
}
