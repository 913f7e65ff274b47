variable "TAG" {
  description = "Image tag"
  default     = "latest"
}
variable "EMPTY" {}
variable "NULLED" {
  default = null
}
variable "NUM" {
  default = 3
}
variable "LIST" {
  default = ["foo"]
}
variable "MAP" {
  default = { foo = "bar" }
}
variable "BOOL" {
  default = true
}
ATTR = "not listed"
target "default" {}
