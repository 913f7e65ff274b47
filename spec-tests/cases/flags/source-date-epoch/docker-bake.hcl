target "a" {}
target "b" {
  args = { SOURCE_DATE_EPOCH = "0" }
}
