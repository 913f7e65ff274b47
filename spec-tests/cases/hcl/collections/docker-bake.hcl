OBJ = {
  name   = "app"
  "quoted key" = 1
  nested = { deep = ["x", "y"] }
}
target "app" {
  args = {
    NAME     = OBJ.name
    QUOTED   = OBJ["quoted key"]
    DEEP     = OBJ.nested.deep[1]
    INDEXED  = ["p", "q"][1]
    MAPIDX   = { a = "A" }["a"]
    JSON     = jsonencode(OBJ)
    TUPLE    = jsonencode([1, "two", true, null])
  }
}
