#!/usr/bin/env bash
# Peak resident memory and time of one `consentgate ingest --once` with the
# face check on and two workers, over 40 photos, run 3 times (a fresh setup
# each run); prints each run and the best and the median.
#
#   benches/ingest_rss.sh [CORPUS]    # CORPUS default ../shared/corpus
#
# The 40 photos: the 24 largest files of the corpus's jpeg/, heic/,
# png_tiff_webp/ and malformed/ folders (HEIC, big JPEGs, a TIFF bomb, ...)
# and 16 distinct 12 MP JPEGs (the `bench` subcommand's two, with and
# without faces, 8 copies each made distinct by bytes after the image).
# Needs GNU time (/usr/bin/time) and a release build (built if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-$ROOT/../shared/corpus}
BIN=${CONSENTGATE_BIN:-$ROOT/target/release/consentgate}
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --quiet)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rss-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/photos" "$WORK/twelve"
(cd "$CORPUS" && find jpeg heic png_tiff_webp malformed -type f -printf '%s %p\n' | sort -rn | sed -n '1,24p' | cut -d' ' -f2-) |
  while read -r f; do cp "$CORPUS/$f" "$WORK/photos/$(echo "$f" | tr / _)"; done
"$BIN" bench --faces-only --faces-dir "$WORK/twelve" > /dev/null
for i in 1 2 3 4 5 6 7 8; do
  for f in "$WORK"/twelve/*.jpg; do
    { cat "$f"; printf 'copy %s' "$i"; } > "$WORK/photos/$(basename "$f" .jpg)-$i.jpg"
  done
done
echo "$(ls "$WORK/photos" | wc -l) files, $(du -sm "$WORK/photos" | cut -f1) MB"
: > "$WORK/runs"
for run in 1 2 3; do
  rm -rf "$WORK/s"
  "$BIN" init --dir "$WORK/s" --no-passphrase > /dev/null
  cp "$WORK"/photos/* "$WORK/s/inbox/"
  CONSENTGATE_CONFIG="$WORK/s/consentgate.toml" CONSENTGATE__INGEST__SETTLE_MS=0 CONSENTGATE__INGEST__WORKERS=2 \
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" ingest --once --json > "$WORK/out.json"
  left=$(ls -A "$WORK/s/inbox" | wc -l)
  read -r secs kib < "$WORK/time"
  echo "run $run: $secs s, peak RSS $((kib / 1024)) MiB, $left file(s) left in the inbox"
  echo "$secs $kib" >> "$WORK/runs"
done
sort -n -k2 "$WORK/runs" | awk '{m[NR]=$2} END {printf "peak RSS: best %d MiB, median %d MiB\n", m[1]/1024, m[2]/1024}'
sort -n -k1 "$WORK/runs" | awk '{t[NR]=$1} END {printf "time: best %.1f s, median %.1f s\n", t[1], t[2]}'
