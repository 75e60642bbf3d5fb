"""Makes 100 MP stills in the formats read a row or a band at a time
(benches/photo_rss.sh measures them): 12000x8400 pixels of gradients and
squares, no photo and no face.

    python3 benches/make_big_stills.py DIR

writes DIR/p100.png (not interlaced, with noise: 70 MB), DIR/p100_interlaced.png,
DIR/p100_strips_deflate.tif (strips of 64 rows), DIR/p100_tiled_deflate.tif
(256 px tiles), DIR/p100.webp (lossy), DIR/p100_lossless.webp and
DIR/p100_lossless_noise.webp (the PNG's noisy picture, at libwebp's default
effort: 47 MB of long codes in many groups). Needs numpy, Pillow, tifffile
and pypng (pip); about three minutes.
"""

import sys

import numpy as np
import png
import tifffile
from PIL import Image

out = sys.argv[1] if len(sys.argv) > 1 else "."
w, h = 12000, 8400
y, x = np.mgrid[0:h, 0:w]
r = ((x * 255) // w).astype(np.uint8)
g = ((y * 255) // h).astype(np.uint8)
gradient = Image.fromarray(np.dstack([r, g, (((x + y) // 37) % 256).astype(np.uint8)]))
# The PNG with fine noise, as a scan has, so that it is as large as a real
# one (70 MB): its bytes are most of what ingest holds beside it.
noise = np.random.default_rng(1).integers(0, 2, size=(h, w, 3), dtype=np.uint8)
noisy = Image.fromarray(np.asarray(gradient) // 2 + noise)
noisy.save(f"{out}/p100.png", compress_level=6)
noisy.save(f"{out}/p100_lossless_noise.webp", lossless=True, quality=75, method=4)
gradient.save(f"{out}/p100.webp", quality=80)
gradient.save(f"{out}/p100_lossless.webp", lossless=True, quality=0, method=0)
squares = np.dstack([r, g, ((x // 64 + y // 64) % 2 * 200).astype(np.uint8)])
tifffile.imwrite(f"{out}/p100_strips_deflate.tif", squares, compression="zlib", rowsperstrip=64, photometric="rgb")
tifffile.imwrite(f"{out}/p100_tiled_deflate.tif", squares, compression="zlib", tile=(256, 256), photometric="rgb")
with open(f"{out}/p100_interlaced.png", "wb") as f:
    png.Writer(w, h, greyscale=False, interlace=True, compression=6).write_array(f, squares.reshape(-1))
