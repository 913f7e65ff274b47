target "svc-db" {
  description = "target"
}
target "svc-juliet" {
  description = "target"
}
target "svc-tango" {
  description = "target"
}
target "svc-kilo" {
  description = "target"
}
target "svc-cache" {
  description = "target"
}
target "svc-foxtrot" {
  description = "target"
}
target "svc-hotel" {
  description = "target"
}
target "svc-whiskey" {
  description = "target"
}
target "svc-alpha" {
  description = "target"
}
target "svc-oscar" {
  description = "target"
}
target "svc-india" {
  description = "target"
}
target "svc-papa" {
  description = "target"
}
target "svc-xray" {
  description = "target"
}
target "svc-yankee" {
  description = "target"
}
target "svc-victor" {
  description = "target"
}
target "svc-november" {
  description = "target"
}
target "svc-zulu" {
  description = "target"
}
target "svc-web" {
  description = "target"
}
target "svc-golf" {
  description = "target"
}
target "svc-quebec" {
  description = "target"
}
target "svc-api" {
  description = "target"
}
target "svc-sierra" {
  description = "target"
}
target "svc-lima" {
  description = "target"
}
target "svc-delta" {
  description = "target"
}
target "svc-romeo" {
  description = "target"
}
target "svc-charlie" {
  description = "target"
}
target "svc-bravo" {
  description = "target"
}
target "svc-mail" {
  description = "target"
}
target "svc-mike" {
  description = "target"
}
target "svc-echo" {
  description = "target"
}
target "svc-auth" {
  description = "target"
}
target "svc-uniform" {
  description = "target"
}
group "svc-db" {
  description = "group"
  targets = ["svc-db"]
}
group "svc-kilo" {
  description = "group"
  targets = ["svc-kilo"]
}
group "svc-hotel" {
  description = "group"
  targets = ["svc-hotel"]
}
group "svc-oscar" {
  description = "group"
  targets = ["svc-oscar"]
}
group "svc-xray" {
  description = "group"
  targets = ["svc-xray"]
}
group "svc-november" {
  description = "group"
  targets = ["svc-november"]
}
group "svc-golf" {
  description = "group"
  targets = ["svc-golf"]
}
group "svc-sierra" {
  description = "group"
  targets = ["svc-sierra"]
}
group "svc-romeo" {
  description = "group"
  targets = ["svc-romeo"]
}
group "svc-mail" {
  description = "group"
  targets = ["svc-mail"]
}
group "svc-auth" {
  description = "group"
  targets = ["svc-auth"]
}
