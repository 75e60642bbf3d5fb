#!/usr/bin/env python3
"""A 33 MP 10-bit HEIF stored as one coded HEVC picture, of a camera's file
size (10-20 MB, where the fixture of the same size is 130 KB): a landscape
photo without people scaled up, with fine noise for texture, encoded at the
quality given (90 gives about 17 MB, 75 about 12 MB). For benches/photo_rss.sh.

    benches/make_picture_heif.py LANDSCAPE.jpg OUT.heic [QUALITY]

Needs numpy, Pillow and pillow-heif (pip install numpy pillow pillow-heif).
"""
import sys

import numpy as np
import pillow_heif
from PIL import Image

source, out = sys.argv[1], sys.argv[2]
quality = int(sys.argv[3]) if len(sys.argv) > 3 else 90
size = (7008, 4672)
photo = Image.open(source).convert("RGB").resize(size, Image.BICUBIC)
samples = np.asarray(photo).astype(np.int32) << 8
noise = np.random.default_rng(1).integers(-900, 900, size=samples.shape[:2], dtype=np.int32)
samples = np.clip(samples + noise[..., None], 0, 65535).astype(np.uint16)
heif = pillow_heif.from_bytes(mode="RGB;16", size=size, data=samples.tobytes())
heif.save(out, quality=quality, chroma=420)
