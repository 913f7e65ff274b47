#!/bin/sh
# shared by every service image
echo "hello from $1 (shared $(cat /opt/shared/VERSION))"
