target "api-a" {}
target "api-b" {}
target "web" {}
