#!/bin/sh
[ -n "$1" ] && echo "<$1>" > /dev/null
