target "app" {
  dockerfile-inline = "FROM scratch\nENV A=$${B}\n"
  annotations       = ["a=$${x}"]
  extra-hosts       = { h = "1.2.3.4" }
  args              = { X = "%%{y}" }
  labels            = { z = "$${z}" }
  target            = "stage$${x}"
}
