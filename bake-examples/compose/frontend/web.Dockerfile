FROM busybox:local
COPY index.html /www/index.html
CMD ["cat", "/www/index.html"]
