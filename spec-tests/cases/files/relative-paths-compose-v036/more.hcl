target "web" {
  contexts = { fromhcl = "h" }
}
target "ref6" {
  context = target.web.context
}
