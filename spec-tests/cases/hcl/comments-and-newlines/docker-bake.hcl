# hash comment
// slash comment
/* block
   comment */
target "app" {
  tags = [
    "a", # trailing
    "b"  // another
    ,
    "c",
  ]
  args = { A = "1", B = "2" }
  platforms = ["linux/amd64",
               "linux/arm64"]
}
