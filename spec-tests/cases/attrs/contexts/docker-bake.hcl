target "base" {
  dockerfile = "base.Dockerfile"
}
target "app" {
  contexts = {
    src     = "./src"
    alpine  = "docker-image://alpine:3.20"
    layout  = "oci-layout://./layout"
    base    = "target:base"
    removed = ""
    git     = "https://github.com/docker/buildx.git#master"
  }
}
