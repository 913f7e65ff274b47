target "a" {
  output = ["type=registry", "type=local,dest=out"]
}
target "b" {
  output = ["type=image,name=x,push=true"]
}
