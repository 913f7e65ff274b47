target "app" {
  dockerfile = "first"
  tags       = ["first"]
  args       = { A = "1" }
}
target "app" {
  dockerfile = "second"
  args       = { B = "2" }
}
