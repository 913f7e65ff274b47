FROM base
ENV color red
