target "app" {
  output = ["-", "type=docker", "type=tar,dest=out.tar", ""]
}
