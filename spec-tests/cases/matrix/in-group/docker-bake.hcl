group "g" {
  targets = ["t"]
  matrix  = { v = ["x"] }
}
target "t" {}
