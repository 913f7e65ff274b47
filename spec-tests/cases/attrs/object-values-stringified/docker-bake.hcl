target "app" {
  output   = [{ type = "image", push = true, compression-level = 3, name = "a,b" }]
  cache-to = [{ type = "registry", ref = "user/app:cache", mode = "max", ignore-error = true }]
}
