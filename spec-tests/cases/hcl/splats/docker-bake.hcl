ITEMS = [
  { name = "a", tags = ["a1"] },
  { name = "b", tags = ["b1", "b2"] },
]
target "app" {
  args = {
    NAMES   = join(",", ITEMS[*].name)
    LEGACY  = join(",", ITEMS.*.name)
    FIRST   = ITEMS[0].tags[0]
    COUNT   = length(ITEMS[*].tags)
    SINGLE  = jsonencode("x"[*])
  }
}
