variable "FLAVORS" {
  default = "a,b"
}
target "app" {
  name   = "app-${f}"
  matrix = { f = split(",", FLAVORS) }
}
