target "a" {
  context    = target.b.context
  dockerfile = "a.Dockerfile"
}
target "b" {
  context    = "bctx"
  dockerfile = target.a.dockerfile
  args = {
    NAME  = target.a.name
    UNSET = target.a.target == null ? "null" : "set"
  }
}
