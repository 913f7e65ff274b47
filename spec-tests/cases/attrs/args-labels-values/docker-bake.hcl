target "app" {
  args = {
    STR    = "s"
    NUM    = 42
    FLOAT  = 1.5
    BOOL   = true
    EMPTY  = ""
    NULLED = null
  }
  labels = {
    "org.opencontainers.image.title" = "app"
    "com.example.n"                  = 7
    dropped                          = null
  }
}
