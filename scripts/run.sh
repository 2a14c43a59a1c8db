#!/usr/bin/env bash
# Serves Weft from ./data, creating a demo organization on the first start.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${WEFT_DATA_DIR:-./data}"
if [ ! -f "$data_dir/weft.db" ]; then
  echo "First start: creating a demo organization in $data_dir"
  build/weft demo --people "${WEFT_DEMO_PEOPLE:-500}" --seed 1 --data-dir "$data_dir"
fi
echo
echo "Weft is starting on http://${WEFT_LISTEN:-127.0.0.1:8080}"
echo "  demo accounts: admin@weft.demo (admin), member@weft.demo (member); password: weft-demo"
echo
exec build/weft serve --data-dir "$data_dir" --web-dir web/dist
