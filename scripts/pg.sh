#!/usr/bin/env bash
# The name the operators' guide and issue 9 use for scripts/postgres.sh: a throwaway PostgreSQL
# cluster on loopback (start | stop DIR | halt DIR | resume DIR).
exec "$(dirname "$0")/postgres.sh" "$@"
