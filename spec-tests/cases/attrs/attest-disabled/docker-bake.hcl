target "app" {
  attest = [
    "type=sbom,disabled=true",
    { type = "provenance", disabled = true },
    "type=sbom",
  ]
}
