variable "ENV" {
  default = "prod"
}
target "app" {
  tags = ENV == "prod" ? ["app:latest", "app:prod"] : ["app:dev"]
  args = {
    NESTED = ENV == "dev" ? "d" : ENV == "prod" ? "p" : "other"
    NUMBER = ENV != "" ? 1 : 0
    NULLY  = ENV == "x" ? "y" : null
  }
  target = ENV == "prod" ? null : "debug"
}
