group "all" {
  targets = ["backend", "frontend"]
}
group "backend" {
  description = "Back end"
  targets     = ["api", "worker"]
}
group "frontend" {
  targets = ["web", "api"]
}
target "api" {}
target "worker" {}
target "web" {}
