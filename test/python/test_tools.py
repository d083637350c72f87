"""quant-opt from the outside: registered dialects, and bad input handled
with a diagnostic and a non-zero exit, never a crash."""

import subprocess

import pytest

from quant_pt2e import tool_path


def _run(args, stdin=""):
    return subprocess.run([str(tool_path("quant-opt"))] + args, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_help_lists_both_dialects():
    result = _run(["--help"])
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "Available Dialects" in l)
    dialects = [d.strip() for d in line.split(":", 1)[1].split(",")]
    assert "aten" in dialects and "quant_pt2e" in dialects


@pytest.mark.parametrize("source,message", [
    ("func.func @f(%x: tensor<4xf32>) { %0 = aten.relu %x : tensor<5xf32> return }",
     "use of value '%x' expects different type"),
    ("func.func @f(%x: tensor<4xf32>) { %q = quant_pt2e.quantize %x scales([0.0]) "
     "zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8> return }",
     "scale #0 must be positive and finite"),
    ("func.func @f(%x: tensor<4xf32>) { %0 = aten.relu %x {quant_pt2e.annotation = "
     "#quant_pt2e.annotation<inputs = []>} : tensor<4xf32> return }",
     "annotation has 0 input specs but the op has 1 operands"),
    ("#s = #quant_pt2e.spec<int8", "unbalanced '<'"),
    ("\x00\xff garbage", "error"),
])
def test_bad_input_is_a_diagnostic(source, message):
    result = _run(["-"], stdin=source)
    assert result.returncode == 1, result.stderr
    assert "error:" in result.stderr and message in result.stderr, result.stderr
    assert "Stack dump" not in result.stderr and "PLEASE submit" not in result.stderr


def test_missing_file_is_an_error():
    result = _run(["/nonexistent/model.mlir"])
    assert result.returncode == 1
    assert "cannot open input file" in result.stderr
