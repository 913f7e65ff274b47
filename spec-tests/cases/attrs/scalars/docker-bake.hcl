target "app" {
  description = "The app"
  context     = "./src/../src"
  dockerfile  = "build/Dockerfile"
  target      = "release"
  network     = "none"
  pull        = true
  no-cache    = false
  shm-size    = "128m"
  call        = "build"
}
