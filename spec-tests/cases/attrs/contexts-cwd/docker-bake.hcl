target "app" {
  context  = "cwd://./app/.."
  contexts = { c = "cwd://lib" }
}
