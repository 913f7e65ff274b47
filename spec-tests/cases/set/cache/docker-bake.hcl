target "a" {
  cache-from = ["user/a:cache"]
}
target "b" {
  cache-from = ["user/b:cache"]
  cache-to   = ["type=inline"]
}
target "c" {
  cache-to = ["type=inline"]
}
