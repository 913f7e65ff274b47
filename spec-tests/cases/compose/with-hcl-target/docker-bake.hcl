target "web" {
  args = { A = "hcl", B = "hcl" }
  platforms = ["linux/arm64"]
}
group "default" {
  targets = ["web"]
}
