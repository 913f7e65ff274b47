target "app" {
  dockerfile-inline = "FROM scratch"
  output = ["type=local,dest=out,mode=delete"]
}
target "other" {
  dockerfile-inline = "FROM scratch"
  entitlements = ["security.insecure"]
  output = ["type=local,dest=out2,mode= Copy "]
}
