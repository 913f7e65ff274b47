target "app" {
  args = {
    B64E     = base64encode("hello")
    B64D     = base64decode("aGVsbG8=")
    URLENC   = urlencode("a b&c=d/é")
    MD5      = md5("hello")
    SHA1     = sha1("hello")
    SHA256   = sha256("hello")
    SHA512   = sha512("hello")
    JSONDEC  = jsondecode("{\"a\":[1,2]}").a[1]
    CSV      = jsonencode(csvdecode("a,b\n1,2\n3,4"))
    UUIDV5   = uuidv5("dns", "example.com")
  }
}
