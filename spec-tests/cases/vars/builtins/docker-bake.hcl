target "app" {
  context = BAKE_CMD_CONTEXT
  args = {
    PLATFORM = BAKE_LOCAL_PLATFORM
    CMD      = BAKE_CMD_CONTEXT
  }
}
