target "app" {
  dockerfile = "one"
  platforms  = ["linux/amd64"]
  labels     = { one = "1" }
}
