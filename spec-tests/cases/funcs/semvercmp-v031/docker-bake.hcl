target "app" {
  args = { OK = semvercmp("1.2.3", ">= 1.0.0") }
}
