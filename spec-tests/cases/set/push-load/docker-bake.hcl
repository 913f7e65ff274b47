target "a" {}
target "b" {
  output = ["type=docker,dest=out.tar"]
}
target "c" {
  output = ["type=registry", "type=image,name=x"]
}
