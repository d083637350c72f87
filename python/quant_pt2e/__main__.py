"""Command line: python3 -m quant_pt2e import --model NAME --out DIR

Writes DIR/model.mlir (aten dialect; its weights in the binary side file
DIR/model.weights, named in its resource section) and the example inputs as
DIR/input_0.npy, ... . Nothing is written when the import fails.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from .importer import UnsupportedOpError, import_model
from .models import MODELS, get_model


def _import(args) -> int:
    module, inputs = get_model(args.model, args.seed)
    try:
        imported = import_model(module, inputs)
    except UnsupportedOpError as err:
        print(f"error: cannot import '{args.model}': {err}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    imported.write(out / "model.mlir")
    for i, tensor in enumerate(inputs):
        np.save(out / f"input_{i}.npy", tensor.numpy())
    size = sum(len(data) for _, data in imported.resources)
    print(f"wrote {out / 'model.mlir'} ({len(imported.graph_text) / 1e6:.1f} MB of text, "
          f"{imported.num_resources} weight blobs, {size / 1e6:.1f} MB in model.weights) "
          f"and {len(inputs)} input(s)")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m quant_pt2e")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a model into the aten dialect")
    imp.add_argument("--model", required=True, choices=sorted(MODELS))
    imp.add_argument("--out", required=True, help="output directory")
    imp.add_argument("--seed", type=int, default=0, help="torch.manual_seed")
    args = parser.parse_args(argv)
    if args.command == "import":
        return _import(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
