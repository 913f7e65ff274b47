target "app" {
  args = {
    BASE1 = basename("/foo/bar.txt")
    BASE2 = basename("")
    BASE3 = basename("/")
    BASE4 = basename("/foo/bar..")
    DIR1  = dirname("foo/bar")
    DIR2  = dirname("")
    DIR3  = dirname("/")
    SAN1  = sanitize("foo/🍕bar")
    SAN2  = sanitize("foo/bar!@(ba+z)")
    HOME  = homedir()
  }
}
