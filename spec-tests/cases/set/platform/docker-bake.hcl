target "a" {
  platforms = ["linux/amd64"]
}
target "b" {
  platforms = ["linux/amd64"]
}
target "c" {
  platforms = ["linux/amd64"]
}
