target "app" {
  args = {
    STRNUM   = "1" + 2
    NUMSTR   = "${1 + 1}"
    BOOLSTR  = "${true}"
    CMPSTR   = "10" == 10
    CONCAT   = "a${1.50}b"
  }
}
