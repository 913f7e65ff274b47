target "x" {
  name   = "y"
  matrix = {}
  args   = { FROM = "y" }
}
target "x" {
  name   = "z"
  matrix = {}
  args   = { FROM = "z" }
}
