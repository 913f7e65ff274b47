FROM busybox:local AS Base
ENV color red
RUN echo hi
