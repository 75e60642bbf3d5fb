#!/usr/bin/env bash
# Peak resident memory and time of one `consentgate ingest --once` of each
# photo on its own (face check on, two workers, a fresh setup each run),
# three runs each; with CONSENTGATE_BIN_BEFORE set, the two binaries take
# turns, so that both see the machine alike. Prints each run and, per photo
# and binary, the best and the median.
#
#   benches/photo_rss.sh PHOTO...
#   CONSENTGATE_BIN_BEFORE=/tmp/old benches/photo_rss.sh PHOTO...
#
# benches/make_big_jpeg.py, benches/make_grid_heif.py and
# benches/make_big_stills.py (PNG, TIFF, WebP) make large photos.
# Needs GNU time (/usr/bin/time) and a release build (built if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CONSENTGATE_BIN:-$ROOT/target/release/consentgate}
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --quiet)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/photo-rss.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
bins=("$BIN")
names=(after)
if [ -n "${CONSENTGATE_BIN_BEFORE:-}" ]; then
  bins=("$CONSENTGATE_BIN_BEFORE" "$BIN")
  names=(before after)
else
  names=(this)
fi
for photo in "$@"; do
  : > "$WORK/runs"
  for run in 1 2 3; do
    for i in "${!bins[@]}"; do
      rm -rf "$WORK/s"
      "${bins[$i]}" init --dir "$WORK/s" --no-passphrase > /dev/null
      cp "$photo" "$WORK/s/inbox/"
      CONSENTGATE_CONFIG="$WORK/s/consentgate.toml" CONSENTGATE__INGEST__SETTLE_MS=0 CONSENTGATE__INGEST__WORKERS=2 \
        /usr/bin/time -f '%e %M' -o "$WORK/time" "${bins[$i]}" ingest --once --json > "$WORK/out.json"
      read -r secs kib < "$WORK/time"
      outcome=$(grep -o '"outcome": *"[a-z_]*"' "$WORK/out.json" | head -1 || true)
      echo "$(basename "$photo") ${names[$i]} run $run: $secs s, peak RSS $((kib / 1024)) MiB, $outcome"
      echo "${names[$i]} $secs $kib" >> "$WORK/runs"
    done
  done
  for name in "${names[@]}"; do
    grep "^$name " "$WORK/runs" | sort -n -k3 | awk -v p="$(basename "$photo")" -v n="$name" \
      '{m[NR]=$3} END {printf "%s %s: peak RSS best %d MiB, median %d MiB\n", p, n, m[1]/1024, m[2]/1024}'
    grep "^$name " "$WORK/runs" | sort -n -k2 | awk -v p="$(basename "$photo")" -v n="$name" \
      '{t[NR]=$2} END {printf "%s %s: time best %.2f s, median %.2f s\n", p, n, t[1], t[2]}'
  done
done
