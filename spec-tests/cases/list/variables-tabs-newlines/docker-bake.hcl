# tabs and newlines in cells go through Go's tabwriter as text: extra cells and lines, new column blocks
variable "VERYLONGVARIABLENAME" {
  description = "multi\nline\tdesc"
  default = "a\tb"
}
variable "x" {
  default = "é"
}
target "a" {
  description = "x\ty\tz"
}
target "bb" {
  description = "line1\nline2\tmore"
}
target "ccccccccccccccc" {
  description = "plain"
}
