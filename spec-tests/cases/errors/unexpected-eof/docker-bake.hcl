target "app" {
