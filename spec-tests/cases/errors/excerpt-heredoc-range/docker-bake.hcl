# one
# two
target "app" {
  tags = <<EOT
  a
  EOT
}
# three
# four
