"""The Python API under bad arguments: ValueError up front, never a silent
truncation or a failure deep inside the tools."""

import subprocess

import numpy as np
import pytest
import torch

from quant_pt2e import tool_path
from quant_pt2e.api import CompilerError, prepare_qat, quantize


class Add(torch.nn.Module):
    def forward(self, x, y):
        return torch.relu(x + y)


def _inputs():
    torch.manual_seed(0)
    return torch.randn(2, 4), torch.randn(2, 4)


@pytest.mark.parametrize("num_threads", [0, -1, 1025, 2.0, True])
def test_quantize_rejects_bad_num_threads(tmp_path, num_threads):
    x, y = _inputs()
    with pytest.raises(ValueError, match=r"num_threads must be an integer in \[1, 1024\]"):
        quantize(Add(), (x, y), [(x, y)], num_threads=num_threads, workdir=tmp_path)
    assert not (tmp_path / "model.mlir").exists()  # refused before importing


@pytest.mark.parametrize("sample,count", [(lambda x, y: (x, y, x), 3),
                                          (lambda x, y: (x,), 1),
                                          (lambda x, y: x, 1)])
def test_calibration_sample_must_match_the_inputs(tmp_path, sample, count):
    x, y = _inputs()
    with pytest.raises(ValueError, match=f"calibration sample 2 has {count} tensors but "
                                         "the model takes 2 inputs"):
        quantize(Add(), (x, y), [(x, y), sample(x, y)], workdir=tmp_path)


def test_matching_samples_quantize(tmp_path):
    """The no-match side: samples with the model's inputs calibrate, and the
    quantized model computes relu(x + y) to within its output step."""
    x, y = _inputs()
    model = quantize(Add(), (x, y), [(x, y), [x * 2, y]], workdir=tmp_path)
    out = model(x, y)
    want = torch.relu(x + y)
    assert out.shape == want.shape
    assert (out - want).abs().max().item() < 0.1


class ConvBn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3)
        self.bn = torch.nn.BatchNorm2d(3)

    def forward(self, x):
        return self.bn(self.conv(x))


def test_qat_batches_and_convert_threads_are_checked(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(1, 2, 6, 6)
    qat = prepare_qat(ConvBn(), (x,), workdir=tmp_path)
    with pytest.raises(ValueError, match="training batch 1 has 2 tensors but the model "
                                         "takes 1 inputs"):
        qat.train([(x, x)])
    qat.train([x])
    with pytest.raises(ValueError, match="num_threads must be an integer"):
        qat.convert(num_threads=0)
    assert qat.convert(num_threads=1).mlir_path.exists()


def test_quant_run_refuses_extra_sample_files(tmp_path):
    """quant-run itself: a sample directory with more input files than the
    entry takes is an error, not a silent truncation."""
    model = tmp_path / "m.mlir"
    model.write_text("func.func @forward(%x: tensor<2xf32>) -> tensor<2xf32> {\n"
                     "  return %x : tensor<2xf32>\n}\n")
    sample = tmp_path / "samples" / "s0"
    sample.mkdir(parents=True)
    for i in range(2):
        np.save(sample / f"input_{i}.npy", np.zeros(2, np.float32))
    result = subprocess.run([str(tool_path("quant-run")), str(model), "--calibrate-dir",
                             str(tmp_path / "samples"), "--stats-out", str(tmp_path / "s.json")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "input_1.npy' but 'forward' takes 1 inputs" in result.stderr


@pytest.mark.parametrize("target_isa", ["", None, 3])
def test_with_lowering_rejects_bad_target_isa(tmp_path, target_isa):
    x, y = _inputs()
    model = quantize(Add(), (x, y), [(x, y)], workdir=tmp_path, lowering="reference")
    with pytest.raises(ValueError, match="target_isa must be an ISA name"):
        model.with_lowering("vector", target_isa=target_isa)


def test_unknown_target_isa_is_a_clear_error(tmp_path):
    """A name the compiler does not know fails in quant-run with its list."""
    x, y = _inputs()
    model = quantize(Add(), (x, y), [(x, y)], workdir=tmp_path, lowering="reference")
    with pytest.raises(CompilerError, match="unknown target-isa 'avx1024' \\(expected host, "):
        model.with_lowering("vector", target_isa="avx1024")(x, y)
    # The no-match side: a named ISA the host runs computes the same result.
    out = model.with_lowering("vector", target_isa="avx2")(x, y)
    assert torch.equal(out, model(x, y))
