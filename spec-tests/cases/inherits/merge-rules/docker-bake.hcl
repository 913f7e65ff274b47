target "parent" {
  context         = "parent-ctx"
  dockerfile      = "parent.Dockerfile"
  target          = "parent-stage"
  tags            = ["parent:tag"]
  platforms       = ["linux/amd64", "linux/arm64"]
  args            = { P = "p", SHARED = "parent" }
  labels          = { lp = "p" }
  annotations     = ["parent=1"]
  attest          = ["type=sbom", "type=provenance,mode=min"]
  cache-from      = ["user/parent:cache"]
  cache-to        = ["type=inline"]
  output          = ["type=registry"]
  entitlements    = ["network.host"]
  no-cache-filter = ["parent-stage"]
  ulimits         = ["nofile=1:1"]
  extra-hosts     = { parenthost = "10.0.0.1" }
  contexts        = { pctx = "./p" }
  pull            = true
  no-cache        = true
  shm-size        = "64m"
  description     = "parent description"
}
target "child" {
  inherits        = ["parent"]
  dockerfile      = "child.Dockerfile"
  tags            = ["child:tag"]
  args            = { C = "c", SHARED = "child" }
  labels          = { lc = "c" }
  annotations     = ["child=1"]
  attest          = ["type=provenance,mode=max"]
  cache-from      = ["user/child:cache"]
  cache-to        = ["type=local,dest=cache"]
  entitlements    = ["security.insecure"]
  no-cache-filter = ["child-stage"]
  ulimits         = ["nproc=2:2"]
  extra-hosts     = { childhost = "10.0.0.2" }
  contexts        = { cctx = "./c" }
  no-cache        = false
}
