function "f" {
  result = "x"
}
target "app" {
  args = { X = f() }
}
