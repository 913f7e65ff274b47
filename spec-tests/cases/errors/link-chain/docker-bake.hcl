target "root" {
  tags = ["root"]
}
target "mid" {
  contexts = { r = "target:root" }
}
target "app" {
  contexts = { m = "target:mid" }
  output   = ["type=docker"]
}
