ATTR = "attr-value"
target "app" {
  args = { ATTR = ATTR }
}
