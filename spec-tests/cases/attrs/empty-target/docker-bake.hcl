target "app" {
}
