"""The models the project must import, quantize and run.

Ports of the modules of the seed QAT test suite
(test/quantization/pt2e/test_quantize_pt2e_qat.py in ../shared/seeds; the
mixed QAT/PTQ module's forward is truncated in the seed and follows PyTorch's
public copy), for 1-d and 2-d convolution, plus torchvision's ResNet-18,
MobileNetV2 and MNASNet (the last two with batch-norm statistics
recalibrated on random data, recalibrate_batch_norm, so that their
activations are at unit scale). `get_model(name)` returns (module in eval
mode, example inputs).
"""

from typing import Callable, Dict, Tuple

import torch


def _conv_classes(dim: int):
    if dim == 1:
        return torch.nn.Conv1d, torch.nn.ConvTranspose1d, torch.nn.BatchNorm1d
    return torch.nn.Conv2d, torch.nn.ConvTranspose2d, torch.nn.BatchNorm2d


class ConvBnModel(torch.nn.Module):
    """conv[-bn][-relu] (_BaseConvBnModel of the seed)."""

    def __init__(self, conv_class, bn_class, has_conv_bias=True, has_bn=True,
                 has_relu=False, **conv_kwargs):
        super().__init__()
        conv_kwargs.setdefault("in_channels", 3)
        conv_kwargs.setdefault("out_channels", 3)
        conv_kwargs.setdefault("kernel_size", 3)
        conv_kwargs.setdefault("bias", has_conv_bias)
        self.conv = conv_class(**conv_kwargs)
        self.bn = bn_class(conv_kwargs["out_channels"]) if has_bn else None
        self.relu = torch.nn.ReLU() if has_relu else None

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        if self.relu is not None:
            x = self.relu(x)
        return x


class ConvBnLiteralArgs(torch.nn.Module):
    """test_qat_conv_bn_fusion_literal_args: stride 2, padding 4."""

    def __init__(self, conv_class, bn_class):
        super().__init__()
        self.conv = conv_class(3, 3, 3, stride=2, padding=4)
        self.bn = bn_class(3)

    def forward(self, x):
        return self.bn(self.conv(x))


class TwoConvBn(torch.nn.Module):
    """test_qat_conv_bn_fusion_no_conv_bias M2: with and without conv bias."""

    def __init__(self, conv_class, bn_class):
        super().__init__()
        self.conv1 = conv_class(3, 3, 3, bias=False)
        self.bn1 = bn_class(3)
        self.conv2 = conv_class(3, 3, 3, bias=True)
        self.bn2 = bn_class(3)

    def forward(self, x):
        return self.bn2(self.conv2(self.bn1(self.conv1(x))))


class InplaceAddRelu(torch.nn.Module):
    """test_qat_inplace_add_relu."""

    def __init__(self, conv_class):
        super().__init__()
        self.conv = conv_class(1, 1, 1)
        self.relu = torch.nn.ReLU(inplace=True)

    def forward(self, x):
        x0 = x
        x = self.conv(x)
        x += x0
        return self.relu(x)


class ConvBnHardtanh(torch.nn.Module):
    """test_qat_update_shared_qspec."""

    def __init__(self, conv_class, bn_class):
        super().__init__()
        self.conv = conv_class(3, 3, 3)
        self.bn = bn_class(3)
        self.hardtanh = torch.nn.Hardtanh()

    def forward(self, x):
        return self.hardtanh(self.bn(self.conv(x)))


class TwoLinear(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = torch.nn.Linear(16, 8, bias=False)
        self.linear2 = torch.nn.Linear(8, 8)

    def forward(self, x):
        return self.linear2(self.linear1(x))


class QATPTQTestModule(torch.nn.Module):
    """TestQuantizeMixQATAndPTQ.QATPTQTestModule."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 16, 3)
        self.linears = TwoLinear()
        self.my_linear = torch.nn.Linear(8, 8)

    def forward(self, x):
        conv_out = self.conv(x)
        permute_out = torch.permute(conv_out, (0, 2, 3, 1))
        linear_out = self.linears(permute_out)
        my_linear_out = self.my_linear(linear_out)
        return torch.nn.functional.hardtanh(my_linear_out)


def _seed_models(dim: int) -> Dict[str, Callable[[], Tuple[torch.nn.Module, tuple]]]:
    conv, conv_t, bn = _conv_classes(dim)
    spatial = (5,) if dim == 1 else (5, 5)
    x = lambda c=3, n=1: (torch.randn(n, c, *spatial),)  # noqa: E731
    d = f"{dim}d"
    return {
        f"conv{d}": lambda: (ConvBnModel(conv, bn, has_bn=False), x()),
        f"conv{d}_no_bias": lambda: (ConvBnModel(conv, bn, has_conv_bias=False,
                                                 has_bn=False), x()),
        f"conv{d}_relu": lambda: (ConvBnModel(conv, bn, has_bn=False, has_relu=True), x()),
        f"conv{d}_bn": lambda: (ConvBnModel(conv, bn), x()),
        f"conv{d}_bn_no_conv_bias": lambda: (ConvBnModel(conv, bn, has_conv_bias=False), x(n=3)),
        f"conv{d}_bn_relu": lambda: (ConvBnModel(conv, bn, has_relu=True), x()),
        f"conv{d}_bn_relu_no_bias": lambda: (ConvBnModel(conv, bn, has_conv_bias=False,
                                                         has_relu=True), x()),
        f"conv{d}_bn_literal_args": lambda: (ConvBnLiteralArgs(conv, bn), x()),
        f"two_conv{d}_bn": lambda: (TwoConvBn(conv, bn), x(n=3)),
        f"conv_transpose{d}_bn": lambda: (ConvBnModel(conv_t, bn, in_channels=3,
                                                      out_channels=5), x()),
        f"conv_transpose{d}_bn_relu": lambda: (ConvBnModel(conv_t, bn, in_channels=3,
                                                           out_channels=5,
                                                           has_relu=True), x()),
        f"inplace_add_relu{d}": lambda: (InplaceAddRelu(conv), x(c=1)),
        f"conv{d}_bn_hardtanh": lambda: (ConvBnHardtanh(conv, bn), x()),
    }


def recalibrate_batch_norm(module: torch.nn.Module, example_inputs: tuple,
                           batches: int = 4, batch_size: int = 2,
                           seed: int = 0) -> torch.nn.Module:
    """Re-estimates every batch norm's running statistics from training-mode
    forwards on random inputs shaped like `example_inputs` (cumulative
    average over `batches` batches), then returns the module in eval mode.

    torchvision's random initialization with the default running statistics
    (mean 0, variance 1) leaves MobileNetV2's and MNASNet's logits near 1e-9:
    everything quantizes to one value and a parity test compares nothing.
    With statistics of its own activations each batch norm normalizes to
    unit scale, as in a trained network."""
    norms = [m for m in module.modules()
             if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    momenta = [bn.momentum for bn in norms]
    for bn in norms:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative moving average
    generator = torch.Generator().manual_seed(seed)
    module.train()
    with torch.no_grad():
        for _ in range(batches):
            module(*(torch.randn((batch_size,) + tuple(t.shape[1:]), generator=generator)
                     for t in example_inputs))
    for bn, momentum in zip(norms, momenta):
        bn.momentum = momentum
    return module.eval()


def _torchvision(name, recalibrate=False):
    def build():
        import torchvision
        model = getattr(torchvision.models, name)()
        inputs = (torch.randn(1, 3, 224, 224),)
        if recalibrate:
            recalibrate_batch_norm(model, inputs)
        return model, inputs
    return build


MODELS: Dict[str, Callable[[], Tuple[torch.nn.Module, tuple]]] = {
    **_seed_models(1),
    **_seed_models(2),
    "qat_ptq_mixed": lambda: (QATPTQTestModule(), (torch.randn(1, 3, 5, 5),)),
    "resnet18": _torchvision("resnet18"),
    "mobilenet_v2": _torchvision("mobilenet_v2", recalibrate=True),
    "mnasnet0_5": _torchvision("mnasnet0_5", recalibrate=True),
}

#: The torchvision networks (whole models, 224x224 inputs).
TORCHVISION_MODELS = ["resnet18", "mobilenet_v2", "mnasnet0_5"]
SEED_MODELS = [name for name in MODELS if name not in TORCHVISION_MODELS]


def get_model(name: str, seed: int = 0):
    """(module in eval mode, example inputs) for a registered model name."""
    if name not in MODELS:
        raise KeyError(f"unknown model '{name}'; known: {', '.join(sorted(MODELS))}")
    torch.manual_seed(seed)
    module, inputs = MODELS[name]()
    return module.eval(), inputs
