target "app" {
  output = ["dest=out,name=x"]
}
