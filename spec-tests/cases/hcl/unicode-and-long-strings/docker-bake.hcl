target "app" {
  args = {
    EMOJI  = "🍕 and 日本語"
    LONG   = join("", [for i in range(30) : "x"])
    ESCAPE = "\u2028 and \u00a0"
    CTRL   = "bell\u0007"
  }
}
