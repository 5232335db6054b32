#!/bin/sh
# A bare machine with only Node 20.19+: installs what is missing the first time (pnpm 10 through
# npm, since corepack cannot always verify the registry's signatures), then runs the platform or
# the tests.
#   sh scripts/bare.sh start    # the whole platform in one process on http://localhost:3000
#   sh scripts/bare.sh test     # every test suite
set -eu
cd "$(dirname "$0")/.."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node 20.19 or newer is needed, this is "+process.version); process.exit(1) }'
if ! command -v pnpm >/dev/null 2>&1; then
  echo "installing pnpm 10 (npm i -g pnpm@10)" >&2
  npm i -g pnpm@10
fi
if [ ! -d node_modules ] || [ pnpm-lock.yaml -nt node_modules ]; then
  pnpm install --frozen-lockfile
fi
case "${1:-start}" in
  start) exec pnpm start ;;
  test) exec pnpm test ;;
  *) echo "usage: sh scripts/bare.sh start|test" >&2; exit 2 ;;
esac
