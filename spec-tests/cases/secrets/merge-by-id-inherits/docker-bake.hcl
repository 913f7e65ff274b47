target "base" {
  secret = ["id=a,env=A", "id=b,env=B"]
  ssh    = ["first=./k"]
}
target "app" {
  inherits = ["base"]
  secret   = ["id=a,env=A2", "id=c,env=C"]
  ssh      = ["first=./k2", "extra=./k"]
}
