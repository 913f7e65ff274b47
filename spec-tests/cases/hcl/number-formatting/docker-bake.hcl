target "app" {
  args = {
    INT      = 42
    NEG      = -7
    ZERO     = 0
    EXP      = 1e3
    EXP_NEG  = 1.5e-3
    THIRD    = 1 / 3
    TWOTHIRD = 2 / 3
    BIGMUL   = 99999999999 * 99999999999
    HALF     = 0.5
    TRAIL    = 2.50
    DIVINT   = 10 / 2
    FLOOR    = floor(7 / 2)
    PRECISE  = 0.1 * 3
    LARGE    = 1e21
    TINY     = 1e-7
    MAXINT   = 9007199254740993
  }
}
