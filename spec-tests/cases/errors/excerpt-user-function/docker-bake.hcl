function "twice" {
  params = [x]
  result = x * 2
}

target "app" {
  args = {
    N = twice("a")
  }
}
