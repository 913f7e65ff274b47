target "app" {}
