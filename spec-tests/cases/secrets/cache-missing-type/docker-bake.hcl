target "app" {
  cache-from = ["ref=user/app:cache,mode=max"]
}
