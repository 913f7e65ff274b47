target "app" {
  name   = "renamed"
  matrix = {}
  tags   = ["r"]
}
target "user" {
  args = { T = target.app.tags[0] }
}
