target "app" {
  dockerfile-inline = <<EOT
FROM busybox:local
RUN echo "<a> & <b>" && echo $${HOME} && echo %%{x}
EOT
  args = {
    ESC  = "keep $${VAR} and %%{dir}"
    AMP  = "a&b<c>"
  }
  labels = {
    tmpl = "$${x}"
  }
  tags = ["tag-$${notescaped}"]
}
