variable "V3" {
  default = merge((can(regex("^[0-9]+$", "app")) ? {for s in ["tab\there", "a\nb"] : s => "v-${s}"...} : merge({ a = "a\nb" }, { a = "app" })), { b = "1" })
}
target "app" {}
