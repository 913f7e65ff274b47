target "app" {
  name   = "renamed"
  matrix = {}
  tags   = ["r"]
}
target "user" {
  args = { T = target.renamed.tags[0] }
}
