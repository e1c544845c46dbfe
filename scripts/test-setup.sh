# Sourced by scripts/test.sh and scripts/sanitize.sh: the Debian packages the build and tests use, and
# the descriptor limit. curl and python3 drive the server as foreign clients; libcurl4 is what
# URLSession (FoundationNetworking) calls upstream with; libsqlite3-dev is the SQLite GRDB builds against.
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
ldconfig -p 2>/dev/null | grep -q 'libcurl.so.4 ' || need+=(libcurl4)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Many sockets at once in the concurrency tests.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
