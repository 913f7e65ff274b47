target "app" {
  secret = ["id=token,env=TOKEN", "id=other,src=other.txt"]
}
