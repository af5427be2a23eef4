#!/usr/bin/env bash
# Container health check without curl (the JRE images have none): GET a path over bash's /dev/tcp and accept a
# 200 answer. Usage: healthcheck.sh <port> <path>
set -eu
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
head -n1 <&3 | grep -q ' 200 '
