target "src" {
  output     = ["type=local,dest=out"]
  cache-from = ["user/app:cache", "type=gha,scope=main"]
  secret     = ["id=tok,env=TOKEN"]
  ssh        = ["key=a,b"]
}
target "app" {
  args = {
    OUT_TYPE   = target.src.output[0].type
    OUT_DEST   = target.src.output[0].dest
    CACHE_REF  = target.src.cache-from[0].ref
    CACHE_TYPE = target.src.cache-from[1].type
    SECRET_ENV = target.src.secret[0].env
    SSH_PATH   = target.src.ssh[0].paths[1]
  }
}
