target "app" {
  args = {
    FORMATDATE = formatdate("YYYY-MM-DD'T'hh:mm:ssZ", "2015-10-21T00:00:00Z")
    NAMES      = formatdate("EEEE, DD MMMM YYYY h:mm AA", "2023-07-25T23:43:16Z")
    TIMEADD    = timeadd("2023-01-01T00:00:00Z", "1h30m")
    TSFORMAT   = strlen(timestamp()) == 20
  }
}
