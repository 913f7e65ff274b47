target "app" {
  args = {
    NEWLINE = "a\nb"
    TAB     = "a\tb"
    QUOTE   = "say \"hi\""
    BSLASH  = "c:\\path"
    UNICODE = "caf\u00e9 \U0001F600"
    CR      = "x\ry"
    HTML    = "<script>&amp;</script>"
  }
}
