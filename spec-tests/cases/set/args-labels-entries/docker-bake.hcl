target "app" {
  args   = { OLD = "old", KEEP = "keep" }
  labels = { existing = "x" }
}
