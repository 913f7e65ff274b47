target "app" {
  attest = ["type=sbom"]
}
