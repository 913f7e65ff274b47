target "a" {
  output = ["type=docker,dest=out.tar"]
}
target "b" {
  output = ["type=oci,dest=out.tar"]
}
target "c" {
  output = ["type=tar,dest=out.tar"]
}
