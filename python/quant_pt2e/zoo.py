"""The model zoo: the networks people quantize, built as a new user would
(torchvision 0.14 constructors with random weights, torch.nn's transformer
and recurrent layers), each with an example input.

`small=True` (the test suite's size) gives 64x64 images (32x32 for the
ViT), short sequences and narrow transformer / recurrent layers; the full
size is 224x224 and the layers' usual widths (bench/zoo_bench.py, the
full-size script). The ViT at 224 is torchvision's vit_b_16; small, a
2-layer ViT of the same class (patch 8, width 64), because vit_b_16's
position embedding fixes its image size.

Batch norms whose random initialization leaves the network's output near
constant (MobileNet, MNASNet, EfficientNet, ShuffleNet) are recalibrated on
random data (models.recalibrate_batch_norm), so that an int8 comparison
compares something.

`fx_reference` says whether PyTorch 1.13's FX flow (prepare_fx with the
QNNPACK backend config) can trace the model and quantizes the same ops as
the XNNPACK quantizer. FX keeps nn.MultiheadAttention, nn.LSTM and nn.GRU
as float leaf modules (static quantization has no pattern for them), while
the PT2E quantizer sees their decomposition and quantizes the linears
inside; FX cannot trace ShuffleNetV2 (`x1, x2 = x.chunk(2, dim=1)` unpacks
a Proxy). Those are compared with PyTorch fp32 instead.
"""

from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple

import torch

from .models import recalibrate_batch_norm

__all__ = ["ZooModel", "ZOO", "build"]


@dataclass(frozen=True)
class ZooModel:
    name: str
    builder: Callable[[bool], Tuple[torch.nn.Module, Tuple[torch.Tensor, ...]]]
    #: FX's quantization is the same as the XNNPACK quantizer's (see above).
    fx_reference: bool = True


def _image(small: bool, size: int = 64) -> Tuple[torch.Tensor]:
    side = size if small else 224
    return (torch.randn(1, 3, side, side),)


def _torchvision(name: str, recalibrate: bool = False, **kwargs):
    def build(small: bool):
        import torchvision
        model = getattr(torchvision.models, name)(**kwargs)
        inputs = _image(small)
        if recalibrate:
            recalibrate_batch_norm(model, inputs)
        return model.eval(), inputs
    return build


def _vit(small: bool):
    import torchvision
    if not small:
        model = torchvision.models.vit_b_16()
        _random_head(model)
        return model.eval(), _image(False)
    model = torchvision.models.VisionTransformer(
        image_size=32, patch_size=8, num_layers=2, num_heads=4, hidden_dim=64,
        mlp_dim=128)
    _random_head(model)
    return model.eval(), _image(True, 32)


def _random_head(model) -> None:
    """torchvision zero-initializes the ViT's classifier (its output would
    be all zeros): a random one, as nn.Linear's own initialization."""
    model.heads.head.reset_parameters()


class _EncoderClassifier(torch.nn.Module):
    """nn.TransformerEncoderLayer over a token sequence with a linear head
    on the mean token (the layer's output alone is a normalized tensor)."""

    def __init__(self, width: int, heads: int, ff: int, classes: int = 10):
        super().__init__()
        self.encoder = torch.nn.TransformerEncoderLayer(width, heads, ff,
                                                        batch_first=True)
        self.head = torch.nn.Linear(width, classes)

    def forward(self, x):
        return self.head(self.encoder(x).mean(1))


def _transformer(small: bool):
    width, heads, ff, tokens = (32, 4, 64, 10) if small else (512, 8, 2048, 128)
    return (_EncoderClassifier(width, heads, ff).eval(),
            (torch.randn(1, tokens, width),))


class _RecurrentClassifier(torch.nn.Module):
    """An LSTM or GRU over a sequence, a linear head on the last output."""

    def __init__(self, cell, features: int, hidden: int, layers: int,
                 classes: int = 10):
        super().__init__()
        self.rnn = cell(features, hidden, num_layers=layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, classes)

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


def _recurrent(cell_name: str):
    def build(small: bool):
        features, hidden, steps = (16, 32, 8) if small else (128, 256, 32)
        cell = getattr(torch.nn, cell_name)
        return (_RecurrentClassifier(cell, features, hidden, 2).eval(),
                (torch.randn(1, steps, features),))
    return build


_MODELS: List[ZooModel] = [
    ZooModel("resnet18", _torchvision("resnet18")),
    ZooModel("resnet50", _torchvision("resnet50")),
    ZooModel("resnext50_32x4d", _torchvision("resnext50_32x4d")),
    ZooModel("googlenet", _torchvision("googlenet", init_weights=True)),
    ZooModel("regnet_x_400mf", _torchvision("regnet_x_400mf")),
    ZooModel("densenet121", _torchvision("densenet121")),
    ZooModel("squeezenet1_1", _torchvision("squeezenet1_1")),
    ZooModel("mnasnet0_5", _torchvision("mnasnet0_5", recalibrate=True)),
    ZooModel("mobilenet_v2", _torchvision("mobilenet_v2", recalibrate=True)),
    ZooModel("mobilenet_v3_small", _torchvision("mobilenet_v3_small", recalibrate=True)),
    ZooModel("mobilenet_v3_large", _torchvision("mobilenet_v3_large", recalibrate=True)),
    ZooModel("efficientnet_b0", _torchvision("efficientnet_b0", recalibrate=True)),
    ZooModel("shufflenet_v2_x0_5", _torchvision("shufflenet_v2_x0_5", recalibrate=True),
             fx_reference=False),
    ZooModel("convnext_tiny", _torchvision("convnext_tiny")),
    ZooModel("alexnet", _torchvision("alexnet")),
    ZooModel("vgg11", _torchvision("vgg11")),
    ZooModel("vit", _vit, fx_reference=False),
    ZooModel("transformer_encoder", _transformer, fx_reference=False),
    ZooModel("lstm", _recurrent("LSTM"), fx_reference=False),
    ZooModel("gru", _recurrent("GRU"), fx_reference=False),
]

ZOO: Dict[str, ZooModel] = {model.name: model for model in _MODELS}


def build(name: str, small: bool = True, seed: int = 0):
    """(module in eval mode, example inputs) of zoo model `name`."""
    if name not in ZOO:
        raise KeyError(f"unknown zoo model '{name}'; known: {', '.join(ZOO)}")
    torch.manual_seed(seed)
    return ZOO[name].builder(small)
