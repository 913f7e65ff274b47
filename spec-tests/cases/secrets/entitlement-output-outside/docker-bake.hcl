target "app" {
  output = ["type=local,dest=../outside-out"]
  dockerfile-inline = "FROM scratch"
}
