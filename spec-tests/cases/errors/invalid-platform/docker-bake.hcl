target "app" {
  platforms = ["not/a/valid/platform/at/all"]
}
