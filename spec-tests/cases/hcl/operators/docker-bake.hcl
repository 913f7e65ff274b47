target "app" {
  args = {
    PREC    = 1 + 2 * 3
    PAREN   = (1 + 2) * 3
    DIV     = 7 / 2
    MOD     = 7 % 3
    NEG     = -5 + 2
    CMP     = 3 > 2 && 2 >= 2
    OR      = false || !true
    EQ      = "a" == "a"
    NEQ     = 1 != 1
    TERNARY = 1 > 2 ? "yes" : "no"
    BIG     = 12345678901234567890 + 1
    FLOAT   = 0.1 + 0.2
  }
}
