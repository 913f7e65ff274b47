group "g" {
  description = "no targets attribute"
}
target "t" {}
