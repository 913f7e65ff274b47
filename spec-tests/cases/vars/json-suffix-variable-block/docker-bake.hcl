variable "FOO" {
  type    = list(string)
  default = ["d"]
}
variable "FOO_JSON" {
  default = "x"
}
target "app" {
  tags = FOO
  args = { FOO_JSON = FOO_JSON }
}
