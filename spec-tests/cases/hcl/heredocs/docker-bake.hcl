variable "NAME" {
  default = "world"
}
target "app" {
  dockerfile-inline = <<-EOT
    FROM busybox:local
      RUN echo indented
    RUN echo "hello ${NAME}"
  EOT
  args = {
    PLAIN = <<EOT
line one
  line two
EOT
    DIRECTIVE = <<EOT
%{ for n in ["x", "y"] ~}
item ${n}
%{ endfor ~}
EOT
  }
}
