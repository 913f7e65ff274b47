function "f" {
  params = []
}
target "app" {
  args = { X = f() }
}
