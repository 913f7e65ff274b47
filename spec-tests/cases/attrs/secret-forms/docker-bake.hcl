target "app" {
  secret = [
    "id=aws,src=aws.txt",
    "type=env,id=token,env=GITHUB_TOKEN",
    { id = "obj", src = "obj.txt" },
    { id = "objenv", env = "GITHUB_TOKEN" },
    "id=GITHUB_TOKEN",
    "id=aws,source=aws2.txt",
  ]
}
