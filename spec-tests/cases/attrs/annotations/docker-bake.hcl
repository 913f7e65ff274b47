target "app" {
  annotations = [
    "org.opencontainers.image.authors=dev@example.com",
    "index:org.opencontainers.image.title=Index",
    "manifest[linux/amd64]:arch=amd64",
    "org.opencontainers.image.authors=dev@example.com",
  ]
}
