#!/usr/bin/env bash
# `consentgate ingest --once` without the face check against the strongest
# shell pipeline doing the same work, on the same 40 distinct 12 MP JPEGs,
# each run 3 times; prints every run, then the best and the median.
#
#   benches/ingest_vs_shell.sh
#
# The shell pipeline, its four stages at once on both cores:
#   - one `exiftool -json` for all the photos (the metadata),
#   - one `vipsthumbnail` for all (a 384 px thumbnail each),
#   - one `sha256sum` for all (the ids),
#   - `age -r` per photo, two at a time (`xargs -P 2`),
# then `sync` of the ciphertexts (consentgate fsyncs each one before the
# original leaves the inbox; the shell removes nothing).
# consentgate does the same and more: the decode check of every photo,
# its rules, the register, the audit log, and it empties the inbox.
#
# Needs exiftool (Debian: libimage-exiftool-perl), vipsthumbnail
# (libvips-tools), age and age-keygen, GNU time, and a release build
# (built if missing; CONSENTGATE_BIN=FILE for another build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CONSENTGATE_BIN:-$ROOT/target/release/consentgate}
for tool in exiftool vipsthumbnail age age-keygen /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "needs $tool" >&2; exit 1; }
done
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --quiet)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shell-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/twelve" "$WORK/photos"
# The `bench` subcommand's two 12 MP photos (with and without faces), 20
# copies each made distinct by bytes after the image.
"$BIN" bench --faces-only --faces-dir "$WORK/twelve" > /dev/null
for i in $(seq 1 20); do
  for f in "$WORK"/twelve/*.jpg; do
    { cat "$f"; printf 'copy %s' "$i"; } > "$WORK/photos/$(basename "$f" .jpg)-$i.jpg"
  done
done
echo "$(ls "$WORK/photos" | wc -l) files, $(du -sm "$WORK/photos" | cut -f1) MB"
: > "$WORK/cg"; : > "$WORK/sh"
for run in 1 2 3; do
  rm -rf "$WORK/s" "$WORK/out"
  "$BIN" init --dir "$WORK/s" --no-passphrase > /dev/null
  cp "$WORK"/photos/* "$WORK/s/inbox/"
  cat "$WORK"/s/inbox/* > /dev/null; sync
  CONSENTGATE_CONFIG="$WORK/s/consentgate.toml" CONSENTGATE__INGEST__SETTLE_MS=0 CONSENTGATE__FACES__ENABLED=false \
    /usr/bin/time -f '%e' -o "$WORK/time" "$BIN" ingest --once > /dev/null
  left=$(ls -A "$WORK/s/inbox" | wc -l)
  echo "consentgate, run $run: $(cat "$WORK/time") s, $left file(s) left in the inbox"
  cat "$WORK/time" >> "$WORK/cg"

  key=$(age-keygen -y "$WORK/s/data/identity.txt")
  mkdir -p "$WORK/out"
  cat "$WORK"/photos/* > /dev/null; sync
  export KEY="$key" OUT="$WORK/out"
  /usr/bin/time -f '%e' -o "$WORK/time" bash -c '
    cd "$0"
    exiftool -json -q ./*.jpg > "$OUT/meta.json" &
    vipsthumbnail ./*.jpg --size 384 -o "$OUT/%s_thumb.jpg" &
    sha256sum ./*.jpg > "$OUT/sums" &
    ls ./*.jpg | xargs -P 2 -I{} age -r "$KEY" -o "$OUT/{}.age" {} &
    wait
    sync "$OUT"/*.age
  ' "$WORK/photos"
  echo "shell pipeline, run $run: $(cat "$WORK/time") s, $(ls "$WORK"/out/*.age | wc -l) ciphertexts"
  cat "$WORK/time" >> "$WORK/sh"
done
best() { sort -n "$1" | head -1; }
median() { sort -n "$1" | sed -n 2p; }
echo "consentgate: best $(best "$WORK/cg") s, median $(median "$WORK/cg") s"
echo "shell pipeline: best $(best "$WORK/sh") s, median $(median "$WORK/sh") s"
python3 -c "print(f'consentgate at {$(median "$WORK/sh")} / {$(median "$WORK/cg")} = {$(median "$WORK/sh") / $(median "$WORK/cg"):.2f}x the speed of the shell pipeline (medians)')"
