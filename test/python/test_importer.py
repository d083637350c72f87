"""The importer on every model the project must handle: the output parses
and passes the aten verifiers (which recompute every result shape), keeps
module paths, and fails cleanly on unsupported ops."""

import subprocess

import pytest
import torch

from quant_pt2e import tool_path
from quant_pt2e.importer import UnsupportedOpError, import_model
from quant_pt2e.models import SEED_MODELS, get_model


def _verify(mlir: str) -> str:
    result = subprocess.run([str(tool_path("quant-opt")), "-", "--mlir-elide-resource-strings-if-larger=1"],
                            input=mlir, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("name", SEED_MODELS + ["resnet18", "mobilenet_v2"])
def test_import_verifies(name):
    module, inputs = get_model(name)
    imported = import_model(module, inputs)
    printed = _verify(imported.mlir)
    assert "aten.convolution" in printed
    assert "dense_resource<" in printed
    # No in-place or decomposition leftovers.
    assert "_." not in printed.split("{-#")[0].replace("aten.module", "")


def test_module_paths_and_types():
    module, inputs = get_model("qat_ptq_mixed")
    mlir = import_model(module, inputs).mlir
    assert 'aten.module_path = "linears.linear1"' in mlir
    assert ('aten.module_stack_types = ["test_importer.TwoLinear"' in mlir or
            'aten.module_stack_types = ["quant_pt2e.models.TwoLinear", '
            '"torch.nn.modules.linear.Linear"]' in mlir)
    assert 'aten.module_type = "torch.nn.modules.conv.Conv2d"' in mlir
    # hardtanh is a functional call in the root forward: no module path.
    hardtanh = next(l for l in mlir.splitlines() if "aten.hardtanh" in l)
    assert "aten.module_path" not in hardtanh


def test_resnet_module_paths():
    module, inputs = get_model("resnet18")
    mlir = import_model(module, inputs).mlir
    assert 'aten.module_path = "layer1.0.conv1"' in mlir
    assert 'aten.module_path = "fc"' in mlir


def test_inplace_ops_become_functional():
    module, inputs = get_model("inplace_add_relu2d")
    mlir = import_model(module, inputs).mlir
    body = mlir.split("{-#")[0]
    assert "aten.add %" in body and "aten.relu %" in body
    # relu consumes the add's result, not the stale conv output.
    add_line = next(l for l in body.splitlines() if "aten.add %" in l)
    relu_line = next(l for l in body.splitlines() if "aten.relu %" in l)
    assert relu_line.split("aten.relu ")[1].split(" ")[0] == add_line.split(" = ")[0].strip()


class _Unsupported(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = torch.nn.Sequential(torch.nn.Softplus())

    def forward(self, x):
        return self.inner(x)


def test_unsupported_op_names_op_and_module(tmp_path):
    with pytest.raises(UnsupportedOpError) as err:
        import_model(_Unsupported().eval(), (torch.randn(2, 3),))
    message = str(err.value)
    assert "aten.softplus" in message and "'inner.0'" in message
    assert "Softplus" in message


def test_cli_writes_nothing_on_failure(tmp_path, monkeypatch):
    from quant_pt2e import __main__ as cli
    from quant_pt2e import models
    monkeypatch.setitem(models.MODELS, "unsupported",
                        lambda: (_Unsupported(), (torch.randn(2, 3),)))
    monkeypatch.setattr(cli, "MODELS", models.MODELS)
    out = tmp_path / "out"
    assert cli.main(["import", "--model", "conv2d_bn", "--out", str(out)]) == 0
    assert (out / "model.mlir").exists() and (out / "input_0.npy").exists()
    bad = tmp_path / "bad"
    code = cli._import(type("A", (), {"model": "unsupported", "seed": 0,
                                      "out": str(bad)})())
    assert code == 1 and not bad.exists()


@pytest.mark.parametrize("shape,bias", [((2, 8), True), ((2, 8), False),
                                        ((1, 3, 3, 8), True), ((1, 3, 3, 8), False)])
def test_linear_is_recovered(shape, bias):
    mlir = import_model(torch.nn.Linear(8, 4, bias=bias).eval(),
                        (torch.randn(*shape),)).mlir
    body = mlir.split("{-#")[0]
    assert body.count("aten.linear") == 1, body
    for decomposed in ("aten.addmm", "aten.mm", "aten.t ", "aten.view", "aten.add "):
        assert decomposed not in body, body


def test_plain_matmul_is_not_a_linear():
    class MatMul(torch.nn.Module):
        def forward(self, x, y):
            return torch.mm(x, y.t())
    mlir = import_model(MatMul(), (torch.randn(2, 8), torch.randn(4, 8))).mlir
    assert "aten.linear" not in mlir and "aten.mm" in mlir


class _Dropouts(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = torch.nn.Dropout(0.2)

    def forward(self, x):
        y = torch.nn.functional.dropout(self.drop(x), p=0.3, training=self.training)
        return torch.nn.functional.dropout(y, 0.4, False, True)  # in place


def test_eval_dropout_is_kept():
    """Eval-mode dropout (nn.Dropout, F.dropout, in place too) is an op of
    its own, the identity, where make_fx alone records nothing: FX and PT2E
    quantize its output anew."""
    mlir = import_model(_Dropouts().eval(), (torch.randn(2, 3),)).mlir
    printed = _verify(mlir)
    lines = [l for l in printed.splitlines() if "aten.dropout" in l]
    assert len(lines) == 3
    assert 'aten.module_path = "drop"' in lines[0] and "p = 2.000000e-01" in lines[0]
    assert "p = 3.000000e-01" in lines[1] and "p = 4.000000e-01" in lines[2]


def test_transformer_layer_takes_the_decomposed_path():
    # The fused fast path (_transformer_encoder_layer_fwd) is skipped under
    # the importer's torch-function mode: attention's linears are linears.
    layer = torch.nn.TransformerEncoderLayer(16, 2, 32, batch_first=True).eval()
    printed = _verify(import_model(layer, (torch.randn(1, 5, 16),)).mlir)
    body = printed.split("{-#")[0]
    assert body.count("aten.linear") == 4  # in-proj, out-proj, the MLP's two
    assert body.count("aten.bmm") == 2 and "aten.softmax" in body
    assert "aten.slice" in body  # the in-projection's chunk into q, k, v


class _Shapes(torch.nn.Module):
    def forward(self, x):
        a, b = x.split([3, 1], dim=-1)
        return torch.stack([a.transpose(0, 1), a.transpose(0, 1) * 2], 0) + b[:, None, :1]


def test_views_decompose_into_slices_permutes_and_cat():
    printed = _verify(import_model(_Shapes().eval(), (torch.randn(2, 4),)).mlir)
    assert "aten.slice %arg0 dim 1 start 0 end 3 step 1" in printed
    assert "aten.slice %arg0 dim 1 start 3 end 4 step 1" in printed
    assert "aten.permute" in printed and "dims [1, 0]" in printed
    assert "aten.cat" in printed and "dim 0" in printed


class _Strided(torch.nn.Module):
    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        return torch.as_strided(x * 1, (2, 2), self.stride)


def test_as_strided_only_as_a_layout_restride():
    # The same sizes and strides read every element where it was.
    printed = _verify(import_model(_Strided((2, 1)).eval(), (torch.randn(2, 2),)).mlir)
    assert "as_strided" not in printed
    # Other strides move elements: refused, naming the op.
    with pytest.raises(UnsupportedOpError, match="as_strided.*moves elements"):
        import_model(_Strided((1, 2)).eval(), (torch.randn(2, 2),))
