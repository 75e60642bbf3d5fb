#!/usr/bin/env python3
"""The face check's recall by in-plane rotation, in one run.

    pip install numpy opencv-python-headless
    python3 benches/faces_rotation.py [DIR]

A face turned a quarter turn (a child lying on a mat photographed from
above, a photo held sideways with no orientation tag) is the costly miss.
This builds, in DIR (default: a temporary folder), 12 MP photos (4000x3000)
on the three backgrounds of faces_vs_deface.py, each with sixteen copies of
the astronaut's face (fixtures/faces_astronaut.png, an adult, public
domain) pasted 30, 40, 60 and 80 px wide, turned 0, 90, 180 or 270 degrees
(one photo per turn and background, so a photo's faces all turn one way,
as a sideways photo's do); and the ten photos without people of
faces_vs_deface.py for the false faces.

It runs `consentgate bench --faces-only` (release build) on them and prints
the recall per turn and width and the false faces. Nothing here is part of
the test suite.
"""

import json
import os
import subprocess
import sys
import tempfile

import cv2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faces_vs_deface import H, ROOT, W, empties, overlap, scene  # noqa: E402

WIDTHS = [30, 40, 60, 80]
TURNS = [0, 90, 180, 270]
BACKGROUNDS = ["camera_motorola_moto_g9.jpg", "camera_canon_eos7d_serial.webp", "camera_canon_s40.webp"]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="faces-rotation-")
    os.makedirs(folder, exist_ok=True)
    truths = {}
    for b, bg in enumerate(BACKGROUNDS):
        for turn in TURNS:
            img, truth = scene(bg, b * 10 + turn, widths=WIDTHS, rows=4, turn=turn)
            name = f"turn{turn:03}-{b + 1}.jpg"
            cv2.imwrite(os.path.join(folder, name), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
            truths[name] = (turn, truth)
    for i, img in enumerate(empties()):
        name = f"nobody-{i + 1:02}.jpg"
        cv2.imwrite(os.path.join(folder, name), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
        truths[name] = (None, [])
    binary = os.path.join(ROOT, "target", "release", "consentgate")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = subprocess.run([binary, "bench", "--faces-only", "--faces-dir", folder, "--json"],
                         check=True, capture_output=True, text=True).stdout
    found, ms = {}, []
    for line in out.splitlines():
        r = json.loads(line)
        found[os.path.basename(r["file"])] = [
            (f["rect"][0] * W, f["rect"][1] * H, f["rect"][2] * W, f["rect"][3] * H) for f in r["faces"]]
        ms.append(r["ms"])
    hit = {(t, w): 0 for t in TURNS for w in WIDTHS}
    total = dict(hit)
    false, stray = 0, 0
    for name, (turn, truth) in truths.items():
        boxes = found.get(name, [])
        for t in truth:
            total[(turn, t[4])] += 1
            hit[(turn, t[4])] += any(overlap(b, t[:4]) > 0.3 for b in boxes)
        unmatched = sum(1 for b in boxes if not any(overlap(b, t[:4]) > 0.3 for t in truth))
        if turn is None:
            false += unmatched
        else:
            stray += unmatched
    print(f"photos in {folder}; face check {sorted(ms)[len(ms) // 2]:.0f} ms per photo (median)")
    print("| turn | " + " | ".join(f"{w} px" for w in WIDTHS) + " | all |")
    print("| --- |" + " --- |" * (len(WIDTHS) + 1))
    for turn in TURNS:
        cells = [f"{hit[(turn, w)]}/{total[(turn, w)]}" for w in WIDTHS]
        h, n = sum(hit[(turn, w)] for w in WIDTHS), sum(total[(turn, w)] for w in WIDTHS)
        print(f"| {turn} deg | " + " | ".join(cells) + f" | {h}/{n} ({100 * h / n:.0f}%) |")
    print(f"false faces on the 10 photos without people: {false}; on the scenes, off every pasted face: {stray}")


if __name__ == "__main__":
    main()
