#!/usr/bin/env bash
# Brings a fresh machine (Node 20 + npm, Debian, no pnpm, no Docker) to the point where
# `pnpm test` and `pnpm orchestrate` run. Idempotent and quick once done.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != 10.* ]]; then
  log "installing pnpm@${PNPM_VERSION}"
  npm install -g "pnpm@${PNPM_VERSION}" >/dev/null
fi

# Debian packages the local service provider and the browser checks need.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The cloud suite's Redis failover runs a real Sentinel.
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # The Debian postgresql package starts a cluster of its own; the harness starts its own servers.
    if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v service >/dev/null 2>&1; then service postgresql stop >/dev/null 2>&1 || true; fi
    if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
    if [[ " ${missing[*]} " == *" redis-sentinel "* ]] && command -v service >/dev/null 2>&1; then service redis-sentinel stop >/dev/null 2>&1 || true; fi
  else
    log "missing ${missing[*]}: install them, or set DATABASE_URL / REDIS_URL / S3_ENDPOINT (see README)"
  fi
fi

# better-sqlite3 is compiled by node-gyp, which downloads Node's headers from nodejs.org unless
# told where they are (an npm config a fresh account or an air-gapped CI does not have). Node
# ships them beside its binary (Debian's nodejs, the official tarballs, nvm), so point at them.
if [[ -z "${npm_config_nodedir:-}" ]]; then
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [[ -f "$node_prefix/include/node/node.h" ]]; then
    export npm_config_nodedir="$node_prefix"
    log "native modules build against the Node headers in $node_prefix/include/node"
  fi
fi

if [[ ! -f node_modules/.modules.yaml ]] || [[ pnpm-lock.yaml -nt node_modules/.modules.yaml ]]; then
  log "installing workspace dependencies"
  pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 5 >&2
fi
