LIST = ["b", "a", "c"]
MAP  = { one = 1, two = 2, three = 3 }
target "app" {
  tags = [for s in LIST : "repo/${s}" if s != "a"]
  args = {
    UPPER   = join(",", [for s in LIST : upper(s)])
    IDX     = join(",", [for i, s in LIST : "${i}:${s}"])
    MAPKEYS = join(",", [for k, v in MAP : "${k}=${v}"])
    FILTER  = join(",", [for k, v in MAP : k if v > 1])
    OBJ     = jsonencode({ for s in LIST : s => upper(s) })
    GROUPED = jsonencode({ for s in ["a", "b", "a"] : s => s... })
  }
  labels = { for k, v in MAP : "label.${k}" => v }
}
