#!/bin/sh
/opt/shared/greeting.sh api
