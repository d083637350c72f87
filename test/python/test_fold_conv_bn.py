"""quant-pt2e-fold-conv-bn against torch.nn.utils.fusion.fuse_conv_bn_eval:
the folded model's output equals the fused PyTorch module's within 1e-6 of
the output range (the folded weights follow fuse_conv_bn_weights in
float32; the remaining difference is the convolution's summation order)."""

import subprocess

import numpy as np
import pytest
import torch
from torch.nn.utils.fusion import fuse_conv_bn_eval

from quant_pt2e import tool_path
from quant_pt2e.importer import import_model
from quant_pt2e.models import get_model


@pytest.mark.parametrize("name", ["conv1d_bn", "conv2d_bn", "conv2d_bn_no_conv_bias",
                                  "conv2d_bn_literal_args", "conv_transpose2d_bn",
                                  "conv_transpose1d_bn", "two_conv2d_bn"])
def test_fold_matches_fuse_conv_bn_eval(name, tmp_path):
    module, inputs = get_model(name)
    # Non-trivial statistics and affine parameters.
    generator = torch.Generator().manual_seed(3)
    for bn in [m for m in module.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]:
        bn.running_mean.copy_(torch.randn(bn.num_features, generator=generator))
        bn.running_var.copy_(torch.rand(bn.num_features, generator=generator) + 0.5)
        bn.weight.data.copy_(torch.randn(bn.num_features, generator=generator))
        bn.bias.data.copy_(torch.randn(bn.num_features, generator=generator))
    (tmp_path / "m.mlir").write_text(import_model(module, inputs).mlir)
    folded = subprocess.run(
        [str(tool_path("quant-opt")), str(tmp_path / "m.mlir"), "--quant-pt2e-fold-conv-bn"],
        capture_output=True, text=True, check=True).stdout
    assert "aten.batch_norm" not in folded.split("{-#")[0]
    (tmp_path / "f.mlir").write_text(folded)
    np.save(tmp_path / "x.npy", inputs[0].numpy())
    subprocess.run([str(tool_path("quant-run")), str(tmp_path / "f.mlir"), "--input",
                    str(tmp_path / "x.npy"), "--output-dir", str(tmp_path)],
                   capture_output=True, text=True, check=True)
    ours = np.load(tmp_path / "output_0.npy")

    fused = module
    pairs = [("conv", "bn"), ("conv1", "bn1"), ("conv2", "bn2")]
    for conv_name, bn_name in pairs:
        if hasattr(fused, conv_name) and getattr(fused, bn_name, None) is not None:
            conv = getattr(fused, conv_name)
            transpose = isinstance(conv, torch.nn.modules.conv._ConvTransposeNd)
            setattr(fused, conv_name, fuse_conv_bn_eval(conv, getattr(fused, bn_name),
                                                        transpose=transpose))
            setattr(fused, bn_name, torch.nn.Identity())
    with torch.no_grad():
        expected = fused(*inputs).numpy()
    rel = float(np.abs(ours - expected).max()) / float(np.abs(expected).max())
    print(f"\n{name}: folded vs fuse_conv_bn_eval, error relative to range {rel:.2g}")
    assert rel <= 1e-6
