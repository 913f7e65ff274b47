target "app" {
  args = { V = V, ATTR = ATTR }
  tags = T
}
