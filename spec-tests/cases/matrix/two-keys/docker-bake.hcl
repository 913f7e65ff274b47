target "app" {
  name   = "app-${os}-${ver}"
  matrix = {
    os  = ["alpine", "debian"]
    ver = ["1", "2"]
  }
  args = { OS = os, VER = ver }
}
