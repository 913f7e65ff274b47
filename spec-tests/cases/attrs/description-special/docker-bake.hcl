target "app" {
  description = "Builds <app> & \"friends\" — ünïcode"
}
