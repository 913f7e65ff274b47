PREFIX = "pre"
function "p" {
  params = [x]
  result = "${PREFIX}-${x}-${q(x)}"
}
function "q" {
  params = [y]
  result = upper(y)
}
target "app" {
  tags = [p("v")]
}
