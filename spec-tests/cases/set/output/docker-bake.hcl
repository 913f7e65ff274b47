target "a" {
  output = ["type=registry"]
}
target "b" {
  output = ["type=registry"]
}
target "c" {
  output = ["type=registry"]
}
