target "app" {
  output = [
    "type=registry",
    "out-dir",
    { type = "oci", dest = "out.tar", name = "app" },
    "type=image,\"name=a,b\",push=false",
  ]
}
