target "app.x" {
}
