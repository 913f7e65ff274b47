target "app" {
  secret = ["id=tok,env=UNSET_VARIABLE", "type=env,id=other,src=ALSO_UNSET"]
}
