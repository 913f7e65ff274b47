# The definition of a repository that jbake builds without a checkout: the builder fetches it.

group "default" {
  targets = ["app", "docs"]
}

# "." is the repository itself: the build's context goes to the builder as the URL, nothing is uploaded.
target "app" {
  context = "."
  output  = ["type=local,dest=out/app"]
}

# A sub-directory: built from the URL's #ref:docs form.
target "docs" {
  context = "docs"
  output  = ["type=local,dest=out/docs"]
}
