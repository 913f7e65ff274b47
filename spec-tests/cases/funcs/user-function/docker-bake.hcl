variable "REPO" {
  default = "user/app"
}
function "tag" {
  params = [name, version]
  result = "${REPO}-${name}:${version}"
}
function "tags" {
  params          = [name]
  variadic_params = versions
  result          = [for v in versions : tag(name, v)]
}
function "nothing" {
  params = []
  result = "constant"
}
target "app" {
  tags = tags("web", "1.0", "latest")
  args = { C = nothing() }
}
