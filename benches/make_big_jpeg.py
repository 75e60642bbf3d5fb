#!/usr/bin/env python3
"""Writes a large JPEG for the memory benchmarks: a grey wall with the
astronaut's face (fixtures/generated_ipad_face.jpg) pasted 3600 px wide,
4:2:0, quality 85, baseline (as cameras write) or progressive (as web and
editing tools write).

    benches/make_big_jpeg.py OUT.jpg [--width 12240 --height 8160] [--progressive]

Needs `pip install pillow`.
"""
import argparse
import pathlib

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("out")
p.add_argument("--width", type=int, default=12240)
p.add_argument("--height", type=int, default=8160)
p.add_argument("--progressive", action="store_true")
a = p.parse_args()
Image.MAX_IMAGE_PIXELS = None
img = Image.new("RGB", (a.width, a.height), (120, 135, 150))
side = min(3600, a.width // 3, a.height // 3)
face = Image.open(ROOT / "fixtures" / "generated_ipad_face.jpg").convert("RGB").resize((side, side))
img.paste(face, (a.width // 3, a.height // 4))
img.save(a.out, "JPEG", quality=85, subsampling=2, progressive=a.progressive)
print(f"{a.out}: {a.width}x{a.height}, {'progressive' if a.progressive else 'baseline'}")
