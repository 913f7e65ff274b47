target "lint" {
  description = "a Dockerfile with lint problems"
}
