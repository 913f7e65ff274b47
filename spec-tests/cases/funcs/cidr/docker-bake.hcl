target "app" {
  args = {
    HOST     = cidrhost("10.12.112.0/20", 16)
    NETMASK  = cidrnetmask("172.16.0.0/12")
    SUBNET   = cidrsubnet("172.16.0.0/12", 4, 2)
    SUBNETS  = jsonencode(cidrsubnets("10.1.0.0/16", 4, 4, 8))
  }
}
