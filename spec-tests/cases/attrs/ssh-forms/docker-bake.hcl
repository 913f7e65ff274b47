target "app" {
  ssh = [
    "key=./id_key",
    { id = "obj", paths = ["./id_key", "./other_key"] },
    "both=./id_key,./other_key",
  ]
}
