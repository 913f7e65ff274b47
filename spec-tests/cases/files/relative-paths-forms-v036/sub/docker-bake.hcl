target "base" {
  context = "ctx"
  contexts = { a = "named", b = "target:noctx", c = "docker-image://alpine", d = "/abs", e = "cwd://here", f = "https://github.com/a/b.git", g = "../up" }
}
target "noctx" {}
target "ref1" {
  context = target.base.context
}
target "ref2" {
  context = "${target.base.context}"
}
target "ref3" {
  context = target.base["context"]
}
target "child" {
  inherits = ["base"]
}
target "split" {
  context = "s1"
}
