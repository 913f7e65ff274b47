OBJ = { a = "x" }
target "app" {
  args = {
    TRY_OK   = try(OBJ.a, "fallback")
    TRY_FAIL = try(OBJ.missing, "fallback")
    CAN_OK   = can(OBJ.a)
    CAN_FAIL = can(OBJ.missing)
    CONVERT  = jsonencode(convert(["a", 1], list(string)))
  }
}
