target "parent" {
  args   = { KEEP = "parent", NULLED = "parent" }
  labels = { l = "parent" }
  tags   = ["parent"]
  target = "parent-stage"
}
target "child" {
  inherits = ["parent"]
  args     = { NULLED = null }
  labels   = { l = null }
  target   = null
}
