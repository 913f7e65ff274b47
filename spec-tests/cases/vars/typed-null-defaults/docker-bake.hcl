variable "S" {
  type    = string
  default = null
}
variable "L" {
  type    = list(string)
  default = null
}
variable "N" {
  type = number
}
target "app" {
  args = {
    L_NULL = L == null
    N_NULL = N == null
    COAL   = coalesce(S, "fallback")
  }
}
