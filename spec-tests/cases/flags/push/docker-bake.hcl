target "a" {}
target "b" {
  output = ["type=docker"]
}
target "c" {
  output = ["type=local,dest=out"]
}
target "d" {
  output = ["type=image,name=x"]
}
