FROM busybox:local
ENV color red
