target "app" {
  tags            = ["a:1", "", "b:2", "a:1"]
  no-cache-filter = ["build", "test", "build"]
  ulimits         = ["nofile=1024:2048", "nproc=512", "nofile=1024:2048"]
}
