#!/usr/bin/env bash
# A large video through `consentgate ingest --once` against `age -r` alone on
# the same file, each run 3 times; prints wall seconds and peak resident
# memory (from /usr/bin/time) of every run, then the best and the median.
#
#   benches/stream_vs_age.sh [MIB]        # default 1024 (1 GiB)
#
# Needs the reference `age` and `age-keygen`, GNU time (/usr/bin/time), and a
# release build (built if missing). The file is made here, in a temporary
# folder on the same file system as the setup (it is never committed). Both
# read it from the page cache; consentgate also fsyncs its ciphertext (age
# does not), so the comparison is, if anything, unfair to consentgate.
set -euo pipefail
MIB=${1:-1024}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CONSENTGATE_BIN:-$ROOT/target/release/consentgate}
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --quiet)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stream-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# A real QuickTime header (the project's generated iPad clip: make, model,
# time, place), then a `free` box of bytes that differ everywhere
# (compressed video is as good as random to a hash or a cipher): MIB MiB in
# all with the run's digit. Made here, never committed.
python3 - "$ROOT/fixtures/generated_ipad_gps.mov" "$WORK/source.mp4" "$MIB" <<'PY'
import os, struct, sys
head = open(sys.argv[1], "rb").read()
total = (int(sys.argv[3]) << 20) - 1
with open(sys.argv[2], "wb") as out:
    out.write(head)
    pad = total - len(head)
    out.write(struct.pack(">I", pad + 1) + b"free")
    left = pad - 8
    while left > 0:
        n = min(left, 1 << 24)
        out.write(os.urandom(n))
        left -= n
PY
median() { sort -n | sed -n 2p; }
best() { sort -n | head -1; }
timed() { # prints "seconds max_rss_kib" for the command
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; return 1; }
  cat "$WORK/time"
}
echo "file: $MIB MiB"
: > "$WORK/cg"; : > "$WORK/age"
for i in 1 2 3; do
  rm -rf "$WORK/s"
  "$BIN" init --dir "$WORK/s" --no-passphrase > /dev/null
  key=$(age-keygen -y "$WORK/s/data/identity.txt")
  # a distinct last byte each run, so no run is a duplicate of the one before
  cp "$WORK/source.mp4" "$WORK/s/inbox/clip.mov"
  printf '%s' "$i" >> "$WORK/s/inbox/clip.mov"
  cat "$WORK/s/inbox/clip.mov" > /dev/null   # in the page cache, as for age
  sync   # no run pays for the writeback of the run before
  r=$(CONSENTGATE_CONFIG="$WORK/s/consentgate.toml" CONSENTGATE__INGEST__SETTLE_MS=0 timed "$BIN" ingest --once)
  echo "consentgate ingest --once, run $i: $r (s, peak KiB)"; echo "$r" >> "$WORK/cg"
  cp "$WORK/source.mp4" "$WORK/s/plain.mp4"; cat "$WORK/s/plain.mp4" > /dev/null
  sync
  r=$(timed age -r "$key" -o "$WORK/s/plain.mp4.age" "$WORK/s/plain.mp4")
  echo "age -r, run $i: $r (s, peak KiB)"; echo "$r" >> "$WORK/age"
  [ ! -e "$WORK/s/inbox/clip.mov" ] || { echo "the file was not taken in" >&2; exit 1; }
done
for who in cg age; do
  s_best=$(cut -d' ' -f1 "$WORK/$who" | best); s_med=$(cut -d' ' -f1 "$WORK/$who" | median)
  m_best=$(cut -d' ' -f2 "$WORK/$who" | best); m_med=$(cut -d' ' -f2 "$WORK/$who" | median)
  echo "$who: best ${s_best} s, median ${s_med} s; peak RSS best $((m_best / 1024)) MiB, median $((m_med / 1024)) MiB"
done
cg=$(cut -d' ' -f1 "$WORK/cg" | median); ag=$(cut -d' ' -f1 "$WORK/age" | median)
python3 -c "print(f'consentgate at {$ag / $cg:.2f}x the speed of age alone (medians)')"
