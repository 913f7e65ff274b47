target "app" {
  args = {
    UPPER      = upper("abc")
    LOWER      = lower("ABC")
    TITLE      = title("hello world")
    TRIM       = trim("--x--", "-")
    TRIMSPACE  = trimspace("  x  ")
    TRIMPREFIX = trimprefix("v1.2.3", "v")
    TRIMSUFFIX = trimsuffix("app.tar.gz", ".gz")
    CHOMP      = chomp("line\n")
    REPLACE    = replace("a.b.c", ".", "-")
    REGEXREPL  = regex_replace("v1.22.3", "^v([0-9]+)\\..*$", "major-$1")
    SUBSTR     = substr("hello", 1, 3)
    SUBSTRNEG  = substr("hello", -3, -1)
    STRLEN     = strlen("héllo")
    REVERSE    = reverse("abc")
    INDENT     = indent(2, "a\nb")
    FORMAT     = format("%s-%03d-%.2f-%t-%q", "x", 7, 3.14159, true, "q")
    SPLIT      = jsonencode(split(",", "a,b,,c"))
    JOIN       = join("-", ["a", "b"], ["c"])
    FORMATLIST = jsonencode(formatlist("%s=%s", ["a", "b"], ["1", "2"]))
  }
}
