function "a" {
  params = [x]
  result = b(x)
}
function "b" {
  params = [x]
  result = a(x)
}
target "app" {
  args = { X = a(1) }
}
