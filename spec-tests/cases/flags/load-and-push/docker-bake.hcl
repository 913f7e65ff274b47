target "a" {}
target "b" {
  output = ["type=registry"]
}
target "c" {
  output = ["type=local,dest=out"]
}
