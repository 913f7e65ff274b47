variable "ITEMS" {
  default = ["a", "b", "c"]
}
variable "FLAG" {
  default = true
}
target "app" {
  args = {
    IF      = "%{ if FLAG }on%{ else }off%{ endif }"
    FOR     = "%{ for i in ITEMS }${i};%{ endfor }"
    FOR_IDX = "%{ for idx, i in ITEMS }${idx}=${i} %{ endfor }"
    STRIP   = "x %{~ if true ~} y %{~ endif ~} z"
    NESTED  = "${"inner-${upper("x")}"}"
    LITERAL = "$${not} %%{ not }"
    DOLLAR  = "cost: $5 and 100%"
  }
}
