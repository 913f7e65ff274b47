target "app" {
  args = {
    OBJ = { a = 1 }
  }
}
