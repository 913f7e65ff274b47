# Read from this machine (-f cwd://...) after the repository's own files: it overrides them.
target "docs" {
  output = ["type=local,dest=out/docs-local"]
}
