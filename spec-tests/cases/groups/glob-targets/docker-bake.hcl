target "api-one" {}
target "api-two" {}
target "web" {}
