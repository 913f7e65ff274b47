FROM scratch
COPY app.Dockerfile /
