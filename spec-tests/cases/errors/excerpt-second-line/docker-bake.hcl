target "app" {
  tags = [tag]
}



