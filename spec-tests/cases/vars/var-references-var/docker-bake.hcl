variable "BASE" {
  default = "base"
}
variable "DERIVED" {
  default = "${BASE}-derived"
}
variable "TWICE" {
  default = upper(DERIVED)
}
target "app" {
  args = { D = DERIVED, T = TWICE }
}
