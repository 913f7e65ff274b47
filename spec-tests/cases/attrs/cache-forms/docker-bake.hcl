target "app" {
  cache-from = [
    "user/app:cache",
    "type=local,src=path/to/cache",
    { type = "registry", ref = "user/app:cache2" },
    "ref1,ref2",
  ]
  cache-to = [
    "type=inline",
    { type = "local", dest = "out/cache", mode = "max" },
  ]
}
