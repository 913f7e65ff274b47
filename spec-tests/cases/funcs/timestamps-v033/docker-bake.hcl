target "app" {
  args = {
    A = formattimestamp("YYYY-MM-DD hh:mm", 1700000000)
    B = formattimestamp("X", "2023-11-14T22:13:20Z")
    C = jsonencode(unixtimestampparse(1700000000))
  }
}
