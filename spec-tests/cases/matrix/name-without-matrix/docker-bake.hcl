target "app" {
  name = "renamed"
}
