target "app" {
  name   = "app-${v[0]}"
  matrix = {
    v = [["one", "1"], ["two", "2"]]
  }
  args = { N = v[1] }
}
