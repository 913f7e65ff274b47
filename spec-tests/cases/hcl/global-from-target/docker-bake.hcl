DF = target.base.dockerfile
target "base" {
  dockerfile = "base.Dockerfile"
}
target "app" {
  dockerfile = "app-${DF}"
}
