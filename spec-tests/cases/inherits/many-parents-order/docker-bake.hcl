target "one" {
  dockerfile = "one"
  platforms  = ["linux/amd64"]
  args       = { X = "one" }
}
target "two" {
  dockerfile = "two"
  args       = { X = "two", Y = "two" }
}
target "three" {
  platforms = ["linux/arm64"]
}
target "app" {
  inherits = ["one", "two", "three"]
}
