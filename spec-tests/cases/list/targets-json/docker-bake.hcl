group "default" {
  targets = ["app"]
}
group "all" {
  description = "Everything <&>"
  targets     = ["app", "db"]
}
target "app" {
  description = "The application"
}
target "db" {}
target "_hidden" {}
