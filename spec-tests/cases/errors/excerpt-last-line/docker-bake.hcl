target "app" {
}



target "b" { tags = [tag] }
