"""User-defined quantizers, as PT2E's Quantizer API.

A quantizer annotates the traced ATen graph (make_fx's torch.fx graph, the
one the importer translates) the way a PT2E quantizer annotates the
exported graph: `node.meta["quantization_annotation"] =
QuantizationAnnotation(input_qspec_map={arg_node: spec}, output_qspec=spec)`.
The importer turns each annotation into the `quant_pt2e.annotation`
attribute of the op it emits for the node (an output annotation on
`getitem(batch_norm, 0)` goes to the batch norm), so prepare, QAT rewrites
and convert treat it as the built-in XNNPACK quantizer's annotations.

Specs render to the dialect's attributes: `QuantizationSpec` to
`#quant_pt2e.spec`, `DerivedQuantizationSpec` to `#quant_pt2e.derived`
(its `derived_from` edges must be operands of the annotated node itself).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import torch.fx

__all__ = ["Quantizer", "QuantizationSpec", "DerivedQuantizationSpec",
           "QuantizationAnnotation", "fused_moving_avg_obs_fake_quant", "fake_quant",
           "observer"]

_DTYPES = {"int8", "uint8", "int32"}
_QSCHEMES = {"per_tensor_affine", "per_tensor_symmetric", "per_channel_affine",
             "per_channel_symmetric"}


def observer(kind: str = "min_max", eps: Optional[float] = None) -> str:
    """An observer (`min_max`, `moving_average_min_max`, `per_channel_min_max`,
    `moving_average_per_channel_min_max`, `histogram`, `placeholder`)."""
    return f"#quant_pt2e.observer<{_observer_body(kind, eps)}>"


def _observer_body(kind, eps):
    return kind + (f", eps = {float(eps)!r}" if eps is not None else "")


def fused_moving_avg_obs_fake_quant(per_channel: bool = False,
                                    eps: Optional[float] = None) -> str:
    """FusedMovingAvgObsFakeQuantize with a moving-average (per-channel)
    min-max observer."""
    kind = "moving_average_per_channel_min_max" if per_channel else "moving_average_min_max"
    return (f"#quant_pt2e.fake_quant<fused_moving_avg_obs, observer = "
            f"<{_observer_body(kind, eps)}>>")


def fake_quant(per_channel: bool = False, eps: Optional[float] = None) -> str:
    """FakeQuantize with a moving-average (per-channel) min-max observer
    (default_fake_quant)."""
    kind = "moving_average_per_channel_min_max" if per_channel else "moving_average_min_max"
    return f"#quant_pt2e.fake_quant<fake_quantize, observer = <{_observer_body(kind, eps)}>>"


def _common(spec) -> str:
    """`dtype, [quant_min, quant_max], qscheme[, ch_axis = n]` of a spec."""
    if spec.dtype not in _DTYPES:
        raise ValueError(f"dtype {spec.dtype!r} is not one of {sorted(_DTYPES)}")
    if spec.qscheme not in _QSCHEMES:
        raise ValueError(f"qscheme {spec.qscheme!r} is not one of {sorted(_QSCHEMES)}")
    axis = f", ch_axis = {spec.ch_axis}" if spec.ch_axis is not None else ""
    return f"{spec.dtype}, [{spec.quant_min}, {spec.quant_max}], {spec.qscheme}{axis}"


@dataclass
class QuantizationSpec:
    dtype: str
    quant_min: int
    quant_max: int
    qscheme: str
    observer_or_fake_quant: str
    ch_axis: Optional[int] = None

    def render(self, operand_index) -> str:
        return f"#quant_pt2e.spec<{_common(self)}, observer = {self.observer_or_fake_quant}>"


@dataclass
class DerivedQuantizationSpec:
    """Scale = product of the scales of the `derived_from` edges (the int32
    bias of input scale x weight scale), zero point 0."""
    derived_from: Sequence[Tuple[torch.fx.Node, torch.fx.Node]]
    dtype: str
    quant_min: int
    quant_max: int
    qscheme: str
    ch_axis: Optional[int] = None

    def render(self, operand_index) -> str:
        indices = ", ".join(str(operand_index(edge)) for edge in self.derived_from)
        return f"#quant_pt2e.derived<from = [{indices}], {_common(self)}>"


@dataclass
class QuantizationAnnotation:
    input_qspec_map: Dict[torch.fx.Node, object] = field(default_factory=dict)
    output_qspec: Optional[object] = None
    _annotated: bool = True


class Quantizer:
    """Base class: annotate `gm` in place (node.meta["quantization_annotation"])."""

    def annotate(self, gm: torch.fx.GraphModule) -> torch.fx.GraphModule:
        raise NotImplementedError

    def validate(self, gm: torch.fx.GraphModule) -> None:
        pass


def render_annotation(node: torch.fx.Node, annotation: QuantizationAnnotation,
                      operand_nodes: List[Optional[torch.fx.Node]],
                      output_spec: Optional[object]) -> str:
    """The `quant_pt2e.annotation` attribute of the op emitted for `node`,
    whose operands come from `operand_nodes` (None: not an FX node)."""
    def operand_index(edge):
        arg, user = edge
        if user is not node or arg not in operand_nodes:
            raise ValueError(f"derived spec of {node.name}: edge ({arg}, {user}) is not "
                             f"an operand of {node.name}")
        return operand_nodes.index(arg)

    for arg in annotation.input_qspec_map:
        if arg not in operand_nodes:
            raise ValueError(f"annotation of {node.name}: {arg} is not one of its tensor "
                             "operands")
    inputs = []
    for arg in operand_nodes:
        spec = annotation.input_qspec_map.get(arg) if arg is not None else None
        inputs.append(spec.render(operand_index) if spec is not None else "#quant_pt2e.none")
    text = f"#quant_pt2e.annotation<inputs = [{', '.join(inputs)}]"
    if output_spec is not None:
        text += f", output = {output_spec.render(operand_index)}"
    if annotation._annotated:
        text += ", annotated = true"
    return f"quant_pt2e.annotation = {text}>"
