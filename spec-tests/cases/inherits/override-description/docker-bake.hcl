target "parent" {
  description = "parent"
  call        = "check"
}
target "child" {
  inherits    = ["parent"]
  description = ""
  call        = "build"
}
