FROM busybox:local AS Base
RUN echo base
