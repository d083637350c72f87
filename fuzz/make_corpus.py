#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/, docs/Robustness.md).

Usage: make_corpus.py OUT_DIR

OUT_DIR/mlir: every lit test (test/**/*.mlir) split at `// -----` as
quant-opt -split-input-file does, one file per chunk (chunks over the
target's input limit left out); OUT_DIR/mlir.dict: a libFuzzer dictionary
of the op, attribute and keyword tokens the lit tests use.
OUT_DIR/inputs: .npy files of every dtype quant-run reads (format 1.0 and
2.0, scalars, empty and multi-dimensional arrays) and statistics files (the
lit tests' JSON inputs and generated ones with non-finite values, per-channel
entries and running statistics).
"""

import hashlib
import io
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MAX_MLIR_BYTES = 32 * 1024  # kMaxInputBytes in MLIRFuzzer.cpp
SPLIT = re.compile(r"^// -----\s*$", re.MULTILINE)


def put(directory, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()
    (directory / name).write_bytes(data)


# Dictionary tokens: op names (quant_pt2e.observer), attribute and type
# names (#quant_pt2e.spec, !quant_pt2e...), attribute keys (axis =) and
# enum keywords of the dialects' syntax, as the lit tests spell them.
TOKENS = re.compile(r"[#!]?[a-z_][a-z0-9_]*\.[a-z0-9_.]+|\b[a-z_][a-z0-9_]* =|<[a-z_]+")


def mlir_seeds(out, dictionary):
    count = 0
    tokens = set()
    for path in sorted((ROOT / "test").rglob("*.mlir")):
        text = path.read_text()
        tokens.update(TOKENS.findall(text))
        for chunk in SPLIT.split(text):
            if chunk.strip() and len(chunk.encode()) <= MAX_MLIR_BYTES:
                put(out, chunk)
                count += 1
    dictionary.write_text("".join(f'"{t}"\n' for t in sorted(tokens)
                                  if '"' not in t and "\\" not in t))
    return count


def npy_bytes(array, version=None):
    buffer = io.BytesIO()
    if version is None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


def input_seeds(out):
    rng = np.random.default_rng(0)
    count = 0
    arrays = [
        rng.standard_normal((1, 3, 4, 4)).astype(np.float32),
        rng.standard_normal((2, 5)).astype(np.float64),
        rng.integers(-128, 127, (7,), dtype=np.int8),
        rng.integers(0, 255, (2, 2, 2), dtype=np.uint8),
        rng.integers(-1000, 1000, (3, 1), dtype=np.int32),
        rng.integers(-10**9, 10**9, (4,), dtype=np.int64),
        np.float32(1.5).reshape(()),
        np.zeros((0, 3), dtype=np.float32),
        np.array([np.inf, -np.inf, np.nan], dtype=np.float32),
    ]
    for array in arrays:
        put(out, npy_bytes(array))
        put(out, npy_bytes(array, version=(2, 0)))
        count += 2
    stats = [path.read_text() for path in sorted(ROOT.glob("test/**/Inputs/*.json"))]
    stats.append(json.dumps({"samples": 4, "observers": [
        {"id": 0, "scales": [0.1, 0.2], "zero_points": [0, -3],
         "min": ["-inf", -1.0], "max": ["inf", 1.0]},
        {"id": 7, "scales": ["nan"], "zero_points": [127],
         "min": [0.0], "max": [0.0]}],
        "running_stats": [{"id": 0, "running_mean": [0.5, -0.5],
                           "running_var": [1.0, 2.0]}]}))
    stats.append(json.dumps({"observers": []}))
    for text in stats:
        put(out, text)
        count += 1
    return count


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out = Path(argv[1])
    (out / "mlir").mkdir(parents=True, exist_ok=True)
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    print(f"seeds: {mlir_seeds(out / 'mlir', out / 'mlir.dict')} mlir, "
          f"{input_seeds(out / 'inputs')} inputs in {out}")


if __name__ == "__main__":
    main(sys.argv)
