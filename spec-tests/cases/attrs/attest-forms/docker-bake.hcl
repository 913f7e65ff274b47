target "app" {
  attest = [
    "type=sbom,generator=image/sbom",
    { type = "provenance", mode = "max" },
  ]
}
