target "app" {
  name   = "app-${item.name}"
  matrix = {
    item = [
      { name = "alpine", base = "alpine:3.20", tags = ["a1", "a2"] },
      { name = "debian", base = "debian:12", tags = ["d1"] },
    ]
  }
  args = { BASE = item.base }
  tags = item.tags
}
