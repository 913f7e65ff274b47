target "app" {
  args = {
    A = 2 + 3 * 4 - 6 / 2
    B = 10 - 2 - 3
    C = 2 * 3 % 4
    D = !false && false || true
    E = 1 + 2 > 2 == true
    F = -2 * -3
    G = 8 / 2 / 2
    H = true ? 1 : false ? 2 : 3
  }
}
