target "app" {
  attest = ["type=provenance,mode=min"]
}
