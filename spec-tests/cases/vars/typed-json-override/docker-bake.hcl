variable "CFG" {
  type = object({ name = string, ports = list(number) })
  default = { name = "d", ports = [] }
}
variable "LIST" {
  type    = list(string)
  default = []
}
target "app" {
  tags = LIST
  args = {
    NAME  = CFG.name
    PORTS = join(",", CFG.ports)
  }
}
