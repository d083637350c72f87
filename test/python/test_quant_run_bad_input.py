"""quant-run under bad input: every case is a message and exit code 1 (or a
defined result), never a crash; statistics files stay valid JSON; NaN and
infinities in calibration data behave as PyTorch 1.13's observers do."""

import json
import struct
import subprocess

import numpy as np
import pytest
import torch
from torch.ao.quantization.observer import (
    HistogramObserver, MinMaxObserver, PerChannelMinMaxObserver)

from quant_pt2e import tool_path

_PER_CHANNEL = ("#quant_pt2e.spec<int8, [-128, 127], per_channel_affine, ch_axis = 1, "
                "observer = #quant_pt2e.observer<per_channel_min_max>>")
_PER_TENSOR = ("#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, "
               "observer = #quant_pt2e.observer<{kind}>>")

_OBSERVED = """
func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {{
  %0 = quant_pt2e.observer %x spec({per_channel}) id(0) : tensor<2x3xf32>
  %1 = quant_pt2e.observer %0 spec({per_tensor}) id(1) : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}}
"""

_ALIASED = """
func.func @forward(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = aten.relu %x : tensor<2x3xf32>
  return %0, %0, %x : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
"""

_X = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5)


def _run(*args):
    result = subprocess.run([str(tool_path("quant-run"))] + [str(a) for a in args],
                            capture_output=True, text=True, timeout=120)
    assert "Stack dump" not in result.stderr and "PLEASE submit" not in result.stderr, \
        result.stderr
    return result


def _fails(result, message):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error:" in result.stderr and message in result.stderr, result.stderr


def _model(tmp_path, kind="min_max", text=None):
    path = tmp_path / "model.mlir"
    path.write_text(text or _OBSERVED.format(per_channel=_PER_CHANNEL,
                                             per_tensor=_PER_TENSOR.format(kind=kind)))
    return path


def _npy(path, header, data=b"", version=1):
    """An .npy file with a hand-written header dict (padded as numpy does)."""
    header = header + " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    size = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    path.write_bytes(b"\x93NUMPY" + bytes([version, 0]) + size + header.encode() + data)
    return path


def _strict_json(path):
    """json.load without Python's NaN / Infinity extensions."""
    def reject(token):
        raise ValueError(f"non-JSON token {token}")
    return json.loads(path.read_text(), parse_constant=reject)


def test_results_sharing_a_buffer_are_freed_once(tmp_path):
    model = _model(tmp_path, text=_ALIASED)
    x = tmp_path / "x.npy"
    np.save(x, _X)
    result = _run(model, "--input", x, "--output-dir", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    relu = np.maximum(_X, 0)
    for i, want in enumerate([relu, relu, _X]):
        np.testing.assert_array_equal(np.load(tmp_path / "out" / f"output_{i}.npy"), want)
    assert _run(model, "--input", x, "--benchmark", "2").returncode == 0


_DATA = np.zeros(6, np.float32).tobytes()


@pytest.mark.parametrize("header,data,message", [
    ("{'descr': '<f4', 'shape': (2, 3), 'fortran_order': True, }", _DATA, "Fortran order"),
    ("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", _DATA, "Fortran order"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (1.9, 3.7), }", _DATA,
     "separated by commas"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, abc), }", _DATA,
     "non-negative integers"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", _DATA,
     "non-negative integers"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': 6, }", _DATA, "must be a tuple"),
    ("{'descr': '<f4', 'fortran_order': False, }", _DATA, "needs 'descr', 'fortran_order'"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", _DATA,
     "unknown header key 'x'"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } junk", _DATA,
     "unexpected characters after the header dict"),
    ("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", _DATA, "descr"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", _DATA + b"\0\0\0\0",
     "holds 28 bytes of data but its shape needs 24"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", _DATA[:20],
     "holds 20 bytes of data but its shape needs 24"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (400000000, 40000000), }", _DATA,
     "holds 24 bytes of data but its shape needs 64000000000000000"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 2), }", _DATA,
     "the number of elements overflows int64"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", _DATA,
     "overflows int64"),
])
def test_npy_headers_are_parsed_strictly(tmp_path, header, data, message):
    model = _model(tmp_path, text=_ALIASED)
    _fails(_run(model, "--input", _npy(tmp_path / "x.npy", header, data)), message)


def test_npy_header_forms_numpy_writes_are_read(tmp_path):
    """The no-match side: numpy's own spellings (version 2, no trailing comma,
    double quotes) are accepted and read to the right values."""
    model = _model(tmp_path, text=_ALIASED)
    for i, (header, version) in enumerate([
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 1),
            ('{"shape": (2,3), "fortran_order": False, "descr": "<f4"}', 2)]):
        x = _npy(tmp_path / f"x{i}.npy", header, _X.tobytes(), version)
        out = tmp_path / f"out{i}"
        result = _run(model, "--input", x, "--output-dir", out)
        assert result.returncode == 0, result.stderr
        np.testing.assert_array_equal(np.load(out / "output_2.npy"), _X)


@pytest.mark.parametrize("threads", ["0", "1025", "4294967295"])
def test_num_threads_out_of_range(tmp_path, threads):
    x = tmp_path / "x.npy"
    np.save(x, _X)
    _fails(_run(_model(tmp_path, text=_ALIASED), "--input", x, "--num-threads", threads),
           f"--num-threads must be in [1, 1024], got {threads}")


def test_input_and_calibrate_dir_exclude_each_other(tmp_path):
    x = tmp_path / "x.npy"
    np.save(x, _X)
    (tmp_path / "samples" / "0").mkdir(parents=True)
    np.save(tmp_path / "samples" / "0" / "input_0.npy", _X)
    _fails(_run(_model(tmp_path), "--input", x, "--calibrate-dir", tmp_path / "samples",
                "--stats-out", tmp_path / "s.json"),
           "--input and --calibrate-dir exclude each other")


def test_stats_in_channel_count_must_match(tmp_path):
    model = _model(tmp_path)
    x = tmp_path / "x.npy"
    np.save(x, _X)
    assert _run(model, "--input", x, "--stats-out", tmp_path / "s.json").returncode == 0
    stats = _strict_json(tmp_path / "s.json")
    entry = stats["observers"][0]
    assert len(entry["min"]) == 3
    for key in ("scales", "zero_points", "min", "max"):
        entry[key] = entry[key][:2]
    (tmp_path / "short.json").write_text(json.dumps(stats))
    _fails(_run(model, "--input", x, "--stats-in", tmp_path / "short.json",
                "--stats-out", tmp_path / "s2.json"),
           "observer 0 has 2 channels, the model's 3")


def _torch_observers(kind):
    tensor = {"min_max": MinMaxObserver, "histogram": HistogramObserver}[kind]
    return [PerChannelMinMaxObserver(ch_axis=1, dtype=torch.qint8, quant_min=-128,
                                     quant_max=127),
            tensor(dtype=torch.qint8, quant_min=-128, quant_max=127)]


def _torch_fails(kind, x):
    """True when PyTorch 1.13's observers cannot compute qparams for `x`."""
    try:
        for observer in _torch_observers(kind):
            observer(torch.from_numpy(x))
            observer.calculate_qparams()
    except (AssertionError, RuntimeError, ValueError, OverflowError):
        return True
    return False


nan, inf = float("nan"), float("inf")


@pytest.mark.parametrize("kind,x,message", [
    ("min_max", [[1, nan, 2], [-1, 0, 3]], "observer 0 saw NaN (channel 1)"),
    ("min_max", [[nan] * 3] * 2, "observer 0 saw NaN (channel 0)"),
    ("histogram", [[1, 2, 3], [-1, inf, 0]], "histogram observer 1 saw a NaN or infinite"),
])
def test_non_finite_calibration_data_fails_as_pytorch(tmp_path, kind, x, message):
    x = np.array(x, np.float32)
    assert _torch_fails(kind, x)
    (tmp_path / "samples" / "0").mkdir(parents=True)
    np.save(tmp_path / "samples" / "0" / "input_0.npy", x)
    result = _run(_model(tmp_path, kind), "--calibrate-dir", tmp_path / "samples",
                  "--stats-out", tmp_path / "s.json")
    _fails(result, "sample '")
    assert message in result.stderr
    assert not (tmp_path / "s.json").exists()


def test_infinite_calibration_data_keeps_valid_json(tmp_path):
    """PyTorch's MinMax observers take an infinity (scale inf): the statistics
    say so in valid JSON, read back by --stats-in, and convert refuses them."""
    x = np.array([[1, inf, 2], [-1, 0, 3]], np.float32)
    assert not _torch_fails("min_max", x)
    model = _model(tmp_path)
    np.save(tmp_path / "x.npy", x)
    result = _run(model, "--input", tmp_path / "x.npy", "--stats-out", tmp_path / "s.json")
    assert result.returncode == 0, result.stderr
    assert "saw an infinite value" in result.stderr
    stats = _strict_json(tmp_path / "s.json")
    per_channel, per_tensor = _torch_observers("min_max")
    per_channel(torch.from_numpy(x))
    per_tensor(torch.from_numpy(x))
    got = {o["id"]: o for o in stats["observers"]}
    assert [float(v) for v in got[0]["max"]] == per_channel.max_val.tolist()
    assert [float(v) for v in got[0]["min"]] == per_channel.min_val.tolist()
    assert got[1]["max"] == ["inf"] and float(got[1]["min"][0]) == per_tensor.min_val.item()
    assert float(got[1]["scales"][0]) == per_tensor.calculate_qparams()[0].item()

    again = _run(model, "--input", tmp_path / "x.npy", "--stats-in", tmp_path / "s.json",
                 "--stats-out", tmp_path / "s2.json")
    assert again.returncode == 0, again.stderr
    assert _strict_json(tmp_path / "s2.json")["observers"] == stats["observers"]

    convert = subprocess.run([str(tool_path("quant-opt")), str(model),
                              f"--quant-pt2e-convert=stats={tmp_path / 's.json'}"],
                             capture_output=True, text=True, timeout=60)
    assert convert.returncode == 1
    assert "calibration statistics give channel 1 scale" in convert.stderr



_FUSED = """
func.func @forward(%x: tensor<1x4x3x3xi8>) -> tensor<1x4x3x3xi8> {
  %y = quant_pt2e.qadd %x, %x lhs(0.05, 3) rhs(0.05, 3) output(0.1, -2) range(-128, 127) act_range(-128, 127) : tensor<1x4x3x3xi8>, tensor<1x4x3x3xi8> -> tensor<1x4x3x3xi8>
  return %y : tensor<1x4x3x3xi8>
}
"""

_FUSED_CONV = """
func.func @forward(%x: tensor<1x4x3x3xi8>) -> tensor<1x4x3x3xi8> {
  %w = arith.constant dense<3> : tensor<4x4x1x1xi8>
  %y = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -2) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x4x3x3xi8>, tensor<4x4x1x1xi8>) -> tensor<1x4x3x3xi8>
  return %y : tensor<1x4x3x3xi8>
}
"""


@pytest.mark.parametrize("lowering", ["reference", "vector"])
def test_fused_add_runs_on_every_lowering(tmp_path, lowering):
    """A hand-written fused add runs on the reference lowering too (its exact
    reference chain; it reached bufferization unconverted before), matching
    PyTorch's quantized add of the dequantized values."""
    x = tmp_path / "x.npy"
    np.save(x, np.arange(36, dtype=np.int8).reshape(1, 4, 3, 3) * 7 - 120)
    ran = _run(_model(tmp_path, text=_FUSED), "--input", x, "--lowering", lowering,
               "--output-dir", tmp_path / "out")
    assert ran.returncode == 0, ran.stderr
    got = np.load(tmp_path / "out" / "output_0.npy").astype(np.int64)
    dq = (torch.from_numpy(np.load(x).astype(np.float32)) - 3) * 0.05
    want = torch.quantize_per_tensor(dq + dq, 0.1, -2, torch.qint8).int_repr().numpy()
    assert len(np.unique(want)) > 10
    assert np.abs(got - want.astype(np.int64)).max() <= (0 if lowering == "reference" else 1)


def test_fused_conv_on_the_reference_lowering_is_an_error(tmp_path):
    x = tmp_path / "x.npy"
    np.save(x, np.zeros((1, 4, 3, 3), np.int8))
    _fails(_run(_model(tmp_path, text=_FUSED_CONV), "--input", x),
           "'quant_pt2e.qconv2d' op is a fused quantized op without a reference chain here")
