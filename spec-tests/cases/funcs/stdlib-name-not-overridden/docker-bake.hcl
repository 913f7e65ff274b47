function "upper" {
  params = [s]
  result = "custom"
}
target "app" {
  args = { X = upper("abc") }
}
