variable "TAG" {
  default = "1.0"
}
