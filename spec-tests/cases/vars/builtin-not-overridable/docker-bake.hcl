variable "BAKE_LOCAL_PLATFORM" {
  default = "plan9/386"
}
target "app" {
  platforms = [BAKE_LOCAL_PLATFORM]
}
