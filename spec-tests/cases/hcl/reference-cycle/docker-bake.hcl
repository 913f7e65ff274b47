target "a" {
  context = target.b.context
}
target "b" {
  context = target.a.context
}
