target "a" {
  secret = ["id=old,src=old.txt"]
  ssh    = ["first=./key"]
}
target "b" {
  secret = ["id=old,src=old.txt"]
  ssh    = ["first=./key"]
}
