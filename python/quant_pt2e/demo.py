"""The main job: train, import, quantize, calibrate, run, compare.

A small CNN is trained on scikit-learn's 8x8 digits (seconds on a CPU),
imported into MLIR, quantized by the compiler with the XNNPACK quantizer
(calibrated on training images), lowered and run by quant-run; its test
accuracy is printed next to the fp32 model's and PyTorch's own int8 result
(FX prepare / calibrate / convert_to_reference_fx with the QNNPACK backend
config and the matching symmetric qconfig, same calibration data).

Usage: python3 -m quant_pt2e.demo [--per-channel] [--epochs N]
"""

import argparse
import copy
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from .api import quantize, target_info


class DigitsNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 16, 3, padding=1)
        self.relu1 = torch.nn.ReLU()
        self.conv2 = torch.nn.Conv2d(16, 32, 3, padding=1)
        self.relu2 = torch.nn.ReLU()
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(self.relu2(self.conv2(self.relu1(self.conv1(x)))))
        return self.fc(torch.flatten(x, 1))


def _data():
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None]
    x_train, x_test, y_train, y_test = train_test_split(
        images, digits.target, test_size=0.2, random_state=0)
    return (torch.from_numpy(x_train), torch.from_numpy(y_train),
            torch.from_numpy(x_test), torch.from_numpy(y_test))


def _train(model, x, y, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
    return model.eval()


def _pytorch_int8(model, example, calibration, per_channel):
    from torch.ao.quantization import QConfigMapping
    from torch.ao.quantization.backend_config import get_qnnpack_backend_config
    from torch.ao.quantization.qconfig import (
        default_per_channel_symmetric_qnnpack_qconfig, default_symmetric_qnnpack_qconfig)
    from torch.ao.quantization.quantize_fx import convert_to_reference_fx, prepare_fx
    qconfig = (default_per_channel_symmetric_qnnpack_qconfig if per_channel
               else default_symmetric_qnnpack_qconfig)
    backend = get_qnnpack_backend_config()
    prepared = prepare_fx(copy.deepcopy(model), QConfigMapping().set_global(qconfig),
                          example, backend_config=backend)
    with torch.no_grad():
        for sample in calibration:
            prepared(*sample)
    return convert_to_reference_fx(prepared, backend_config=backend)


def _cpu() -> str:
    info = target_info()
    return f"{info['cpu']}, {info['target']}"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m quant_pt2e.demo")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--per-channel", action="store_true")
    parser.add_argument("--lowering", default="auto",
                        choices=["auto", "onednn", "xnnpack", "vector", "reference"],
                        help="int8 lowering to run (default: auto, the fastest one that is "
                             "exact on this CPU's ISA)")
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(1)

    x_train, y_train, x_test, y_test = _data()
    start = time.perf_counter()
    model = _train(DigitsNet(), x_train, y_train, args.epochs)
    print(f"trained DigitsNet on {len(x_train)} digits in "
          f"{time.perf_counter() - start:.1f} s")

    # The compiled model has static shapes: the whole test set is one batch,
    # calibration uses training batches of the same size.
    n = len(x_test)
    calibration = [(x_train[i:i + n],) for i in range(0, len(x_train) - n + 1, n)]
    start = time.perf_counter()
    ours = quantize(model, (x_test,), calibration, per_channel=args.per_channel,
                    lowering="reference")
    print(f"quantized with the XNNPACK quantizer "
          f"({'per-channel' if args.per_channel else 'per-tensor'} weights), "
          f"calibrated on {len(calibration) * n} training images in "
          f"{time.perf_counter() - start:.1f} s")
    reference = _pytorch_int8(model, (x_test,), calibration, args.per_channel)

    with torch.no_grad():
        fp32 = model(x_test).argmax(1)
        theirs = reference(x_test).argmax(1)
    fast = ours.with_lowering(args.lowering)
    lowering = fast.backend
    print(fast.describe())
    mine = fast(x_test).argmax(1)
    mine_reference = ours(x_test).argmax(1)

    def accuracy(pred):
        return 100.0 * (pred == y_test).float().mean().item()

    print()
    print(f"{'model':<44} {'test accuracy':>14}")
    print(f"{'fp32 (PyTorch)':<44} {accuracy(fp32):>13.2f}%")
    print(f"{'int8 (quant-pt2e, ' + lowering + ' lowering)':<44} {accuracy(mine):>13.2f}%")
    print(f"{'int8 (quant-pt2e, reference lowering)':<44} {accuracy(mine_reference):>13.2f}%")
    print(f"{'int8 (PyTorch 1.13 FX, QNNPACK config)':<44} {accuracy(theirs):>13.2f}%")
    agree = 100.0 * (mine == theirs).float().mean().item()
    print(f"int8 predictions agreeing with PyTorch's: {agree:.2f}% of {n} images")

    with torch.no_grad():
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            model(x_test)
            times.append((time.perf_counter() - t0) * 1e3)
    fast_ms = fast.benchmark(x_test, runs=10)
    reference_ms = ours.benchmark(x_test, runs=10)
    torch_ms = float(np.median(times))
    print(f"latency for {n} images, 1 thread, {_cpu()}, median: PyTorch fp32 {torch_ms:.2f} ms, "
          f"quant-pt2e int8 {lowering} {fast_ms:.2f} ms ({fast_ms / torch_ms:.2f}x), "
          f"int8 reference lowering {reference_ms:.2f} ms ({reference_ms / torch_ms:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
