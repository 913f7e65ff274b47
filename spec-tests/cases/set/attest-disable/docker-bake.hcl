target "app" {
  attest = ["type=sbom", "type=provenance"]
}
