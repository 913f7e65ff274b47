target "split" {
  contexts = { z = "zz" }
}
target "child2" {
  inherits = ["noctx"]
  contexts = { y = "." }
}
target "ref4" {
  context = target.base.context
}
target "ref5" {
  context = target.noctx.context
}
target "mx" {
  name = "mx-${v}"
  matrix = { v = ["a", "b"] }
  context = v
}
target "ref6" {
  context = "${target.base.context}"
}
target "ref7" {
  context = (target.base.context)
}
target "empty" {
  context = ""
  contexts = { e = "" , f = "./x/" }
}
