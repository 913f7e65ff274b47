target "app" {
  tags = [
