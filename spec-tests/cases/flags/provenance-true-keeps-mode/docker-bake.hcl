target "app" {
  attest = ["type=provenance,mode=max"]
}
