LIST = ["x"]
target "app" {
  args = {
    ONLY_INTERP = "${5}"
    BOOL_ONLY   = "${false}"
  }
  tags = ["${LIST[0]}"]
}
