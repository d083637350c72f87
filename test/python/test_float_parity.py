"""fp32 parity: every model imported, lowered by quant-pt2e-float-to-llvm,
run by quant-run and compared with PyTorch on the same inputs.

The error measure is max |ours - torch| / max |torch| over the output (an
element-wise relative error is meaningless for outputs near zero); it must
stay within 1e-5. Each case prints its worst figures (pytest -s shows them).
"""

import subprocess

import numpy as np
import pytest
import torch

from quant_pt2e import tool_path
from quant_pt2e.importer import import_model
from quant_pt2e.models import SEED_MODELS, get_model

from parity_checks import assert_not_degenerate

TOLERANCE = 1e-5


def _run(args, timeout=600):
    return subprocess.run([str(tool_path("quant-run"))] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def conv_model(tmp_path_factory):
    """A small imported model with its input, for the error-handling tests."""
    directory = tmp_path_factory.mktemp("conv")
    module, (x,) = get_model("conv2d_bn_relu")
    (directory / "model.mlir").write_text(import_model(module, (x,)).mlir)
    np.save(directory / "input_0.npy", x.numpy())
    return directory


@pytest.mark.parametrize("name,threads", [(n, 1) for n in SEED_MODELS] + [
    ("resnet18", 1), ("mobilenet_v2", 1), ("mobilenet_v2", 2), ("two_conv2d_bn", 2)])
def test_fp32_parity(name, threads, tmp_path):
    # Seed 1: with seed 0 the 1-d conv-relu models output only zeros.
    module, inputs = get_model(name, seed=1)
    (tmp_path / "model.mlir").write_text(import_model(module, inputs).mlir)
    args = [tmp_path / "model.mlir", "--output-dir", tmp_path,
            "--num-threads", threads]
    for i, tensor in enumerate(inputs):
        np.save(tmp_path / f"input_{i}.npy", tensor.numpy())
        args += ["--input", tmp_path / f"input_{i}.npy"]
    result = _run(args)
    assert result.returncode == 0, result.stderr[-3000:]
    with torch.no_grad():
        expected = module(*inputs).numpy()
    ours = np.load(tmp_path / "output_0.npy")
    assert ours.shape == expected.shape
    assert_not_degenerate(expected)
    abs_err = float(np.abs(ours - expected).max())
    rel_err = abs_err / max(float(np.abs(expected).max()), 1e-30)
    print(f"\n{name} ({threads} thread(s)): max abs err {abs_err:.3g}, relative to output range "
          f"{rel_err:.3g}")
    assert rel_err <= TOLERANCE


def test_benchmark_mode_prints_latency(conv_model):
    result = _run([conv_model / "model.mlir", "--input", conv_model / "input_0.npy",
                   "--benchmark", "3", "--warmup", "1"])
    assert result.returncode == 0, result.stderr
    assert "benchmark: 3 runs after 1 warm-up, min" in result.stdout
    assert "median" in result.stdout


@pytest.mark.parametrize("case,message", [
    ("missing_entry", "no function 'nope'"),
    ("no_inputs", "'forward' takes 1 inputs, 0 given"),
    ("two_inputs", "'forward' takes 1 inputs, 2 given"),
    ("wrong_shape", "has shape [1, 3, 4, 4] but 'forward' expects [1, 3, 5, 5]"),
    ("wrong_dtype", "has dtype <f8 but 'forward' expects <f4"),
    ("malformed_npy", "is not an .npy file"),
    ("truncated_npy", "bytes of data but its shape needs"),
    ("missing_npy", "cannot open"),
    ("missing_model", "No such file"),
    ("bad_pipeline", "invalid pipeline"),
    ("zero_threads", "--num-threads must be in [1, 1024], got 0"),
])
def test_bad_input_is_an_error(conv_model, tmp_path, case, message):
    model, good = conv_model / "model.mlir", conv_model / "input_0.npy"
    args = [model, "--input", good]
    if case == "missing_entry":
        args += ["--entry", "nope"]
    elif case == "no_inputs":
        args = [model]
    elif case == "two_inputs":
        args += ["--input", good]
    elif case == "wrong_shape":
        np.save(tmp_path / "x.npy", np.zeros((1, 3, 4, 4), np.float32))
        args = [model, "--input", tmp_path / "x.npy"]
    elif case == "wrong_dtype":
        np.save(tmp_path / "x.npy", np.zeros((1, 3, 5, 5), np.float64))
        args = [model, "--input", tmp_path / "x.npy"]
    elif case == "malformed_npy":
        (tmp_path / "x.npy").write_bytes(b"not numpy at all")
        args = [model, "--input", tmp_path / "x.npy"]
    elif case == "truncated_npy":
        data = (conv_model / "input_0.npy").read_bytes()
        (tmp_path / "x.npy").write_bytes(data[:-10])
        args = [model, "--input", tmp_path / "x.npy"]
    elif case == "missing_npy":
        args = [model, "--input", tmp_path / "absent.npy"]
    elif case == "missing_model":
        args = [tmp_path / "absent.mlir", "--input", good]
    elif case == "bad_pipeline":
        args += ["--pipeline", "no-such-pass"]
    elif case == "zero_threads":
        args += ["--num-threads", "0"]
    result = _run(args)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert message in result.stderr, result.stderr
    assert "Stack dump" not in result.stderr
