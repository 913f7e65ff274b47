target "app" {
  args = {
    PLAIN    = regex("[a-z]+", "123abc456")
    GROUPS   = jsonencode(regex("(\\d+)\\.(\\d+)", "v1.22"))
    NAMED    = jsonencode(regex("(?P<major>\\d+)\\.(?P<minor>\\d+)", "v1.22"))
    ALL      = jsonencode(regexall("[0-9]+", "a1b22c333"))
  }
}
