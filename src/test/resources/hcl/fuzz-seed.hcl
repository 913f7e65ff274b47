# A bake file using every construct of the native syntax; the fuzz test truncates and mutates it.
variable "TAG" {
  default = "latest"
}
variable "PLATFORMS" {
  default = ["linux/amd64", "linux/arm64"]
  type    = list(string)
}
// line comment
/* block
   comment */
group "default" {
  targets = ["app", "lib"]
}
target "base" { dockerfile = "Dockerfile" }
target "app" {
  inherits   = ["base"]
  context    = "."
  tags       = [for p in PLATFORMS : "repo/app:${TAG}-${replace(p, "/", "-")}" if p != ""]
  args = {
    VERSION = TAG == "latest" ? "dev" : TAG
    COUNT   = 1 + 2 * 3 - -4 % 5 / 1.5e1
    FLAGS   = join(",", [for k, v in { a = 1, "b" = 2, (TAG) = 3 } : "${k}=${v}"])
    OK      = !(1 < 2) || 2 >= 2 && true != false
    SPLAT   = length(objs[*].name) + length(objs.*.tags[0])
    LEGACY  = list.0
    GROUPED = jsonencode({ for v in ["a", "b", "a"] : v => v... })
    TRIED   = try(nosuch.attr, "fallback")
    CONV    = convert([1, 2], list(string))[0]
    TEMPLATE = "%{ if TAG != "" }tag=${TAG}%{ else }none%{ endif } %{ for x in PLATFORMS ~} [${x}] %{~ endfor }"
    ESC     = "$${literal} %%{literal} \t \" \\ \u00e9"
  }
  dockerfile-inline = <<-EOT
    FROM busybox:local
      RUN echo ${TAG}
    COPY . /src
  EOT
  labels = {
    "org.opencontainers.image.title" = <<EOT
app ${upper(TAG)}
EOT
  }
  platforms = PLATFORMS
}
