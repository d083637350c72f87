"""Import a torch.nn.Module into MLIR text in the `aten` dialect.

PyTorch 1.13 has no torch.export: the module is traced with `make_fx`, which
gives ATen-level graphs. `make_fx` records no module hierarchy, so forward
hooks keep a stack of the modules being run and every graph node created
during a module's forward is tagged with it; the innermost module's qualified
name and type become the `aten.module_path` / `aten.module_type` attributes
of the op (with all enclosing module types in `aten.module_stack_types`).

Submodules quantized on their own (a QAT submodule prepared, trained and
converted separately, then placed into a model that is quantized as a
whole) are not traced into: each call becomes a call of a private function
declaration marked `quant_pt2e.submodule = "<name>"`, which
quant-pt2e-link-submodules defines with the submodule's converted module.

Eval-mode dropout, which make_fx would not record (ATen returns the input),
becomes `aten.dropout`, the identity: quantization observes its output anew,
as FX's backend configs and PT2E do.

Weights and buffers become `dense_resource` blobs. In-place ops (`x += y`,
`relu(inplace=True)`) become their functional forms and later uses of the
mutated tensor see the new value. An op without a translation raises
UnsupportedOpError naming the op and its module; nothing is written then.
"""

import contextlib
import inspect
import operator
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.fx
from torch.fx.experimental.proxy_tensor import make_fx
from torch.fx.passes.shape_prop import TensorMetadata
from torch.overrides import TorchFunctionMode

__all__ = ["import_model", "ImportedModel", "UnsupportedOpError"]


class UnsupportedOpError(RuntimeError):
    """An op (or an argument form) the importer cannot translate."""


_ELEMENT_TYPES = {
    torch.float32: "f32",
    torch.float16: "f16",
    torch.bfloat16: "bf16",
    torch.int64: "i64",
    torch.int32: "i32",
    torch.bool: "i1",
}


def _tensor_type(shape, dtype) -> str:
    if dtype not in _ELEMENT_TYPES:
        raise UnsupportedOpError(f"unsupported tensor dtype {dtype}")
    dims = "x".join(str(int(d)) for d in shape)
    return f"tensor<{dims + 'x' if dims else ''}{_ELEMENT_TYPES[dtype]}>"


def _ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def _float(value) -> str:
    """An f64 literal MLIR parses back to the same double."""
    value = float(value)
    if not np.isfinite(value):
        return "0x7FF0000000000000" if value > 0 else "0xFFF0000000000000"
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------
# Module-path tracking during tracing
# --------------------------------------------------------------------------

@dataclass
class _ModuleFrame:
    path: str
    type_name: str


@contextlib.contextmanager
def _track_module_stack(module: torch.nn.Module):
    """Tags every FX node created while a submodule runs with the stack of
    running modules (outermost first, root excluded)."""
    stack: List[_ModuleFrame] = []
    handles = []
    for name, sub in module.named_modules():
        if not name:
            continue
        frame = _ModuleFrame(name, type(sub).__module__ + "." + type(sub).__qualname__)

        def pre(_mod, _inputs, frame=frame):
            stack.append(frame)

        def post(_mod, _inputs, _outputs):
            stack.pop()

        handles.append(sub.register_forward_pre_hook(pre))
        handles.append(sub.register_forward_hook(post))

    original = torch.fx.Graph.create_node

    def create_node(graph, *args, **kwargs):
        node = original(graph, *args, **kwargs)
        node.meta["quant_pt2e_module_stack"] = list(stack)
        return node

    torch.fx.Graph.create_node = create_node
    try:
        yield
    finally:
        torch.fx.Graph.create_node = original
        for handle in handles:
            handle.remove()


# --------------------------------------------------------------------------
# Separately quantized submodules: opaque calls while tracing
# --------------------------------------------------------------------------

_LIBRARY = None
#: id -> (name, runner) of the submodules of the import in progress.
_SUBMODULE_RUNNERS: Dict[int, Tuple[str, Callable]] = {}


def _ops():
    """torch.ops.quant_pt2e: the ops the importer traces as single nodes
    (make_fx records a call of an op with a CPU kernel as one node)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = torch.library.Library("quant_pt2e", "DEF")
        # submodule(x, id) runs the separately quantized submodule `id`.
        _LIBRARY.define("submodule(Tensor x, int id) -> Tensor")
        _LIBRARY.impl("submodule", lambda x, id: _SUBMODULE_RUNNERS[id][1](x), "CPU")
        # dropout(x, p): eval-mode dropout, the identity (see _EvalDropout).
        _LIBRARY.define("dropout(Tensor x, float p) -> Tensor")
        _LIBRARY.impl("dropout", lambda x, p: x.clone(), "CPU")
    return torch.ops.quant_pt2e


class _SubmoduleCall(torch.nn.Module):
    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def forward(self, *inputs):
        if len(inputs) != 1 or not isinstance(inputs[0], torch.Tensor):
            raise UnsupportedOpError(
                f"quantized submodule '{_SUBMODULE_RUNNERS[self.index][0]}' must "
                "take one tensor")
        return _ops().submodule(inputs[0], self.index)


@contextlib.contextmanager
def _opaque_submodules(module: torch.nn.Module, runners: Dict[str, Callable]):
    """Replaces each named submodule by an opaque call to its runner."""
    swapped = []
    try:
        for index, (name, runner) in enumerate(runners.items()):
            parent_name, _, child = name.rpartition(".")
            try:
                parent = module.get_submodule(parent_name)
                original = getattr(parent, child)
            except AttributeError as error:
                raise UnsupportedOpError(f"the model has no submodule '{name}'") from error
            _SUBMODULE_RUNNERS[index] = (name, runner)
            setattr(parent, child, _SubmoduleCall(index))
            swapped.append((parent, child, original))
        yield
    finally:
        for parent, child, original in reversed(swapped):
            setattr(parent, child, original)
        _SUBMODULE_RUNNERS.clear()


# --------------------------------------------------------------------------
# Eval-mode dropout: a node of its own
# --------------------------------------------------------------------------

_DROPOUT_SIGNATURE = inspect.signature(torch.nn.functional.dropout)


class _EvalDropout(TorchFunctionMode):
    """Traces eval-mode F.dropout (nn.Dropout's forward) as
    quant_pt2e.dropout. ATen returns the input itself, so make_fx would
    record nothing; but quantization sees the op: FX's backend configs give
    Dropout an output observer of its own (_get_default_op_configs) and PT2E
    keeps aten.dropout in the graph unannotated, so the next op's input is
    observed after it, with its own qparams (MobileNetV2's classifier
    requantizes there)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is torch.nn.functional.dropout:
            bound = _DROPOUT_SIGNATURE.bind(*args, **kwargs)
            bound.apply_defaults()
            if not bound.arguments["training"]:
                return _ops().dropout(bound.arguments["input"], float(bound.arguments["p"]))
        return func(*args, **kwargs)


def submodule_symbol(name: str, taken=()) -> str:
    """The function symbol the calls of submodule `name` refer to (ASCII,
    distinct from the symbols in `taken`)."""
    base = "qpt2e_submodule_" + "".join(
        c if c.isascii() and c.isalnum() else "_" for c in name)
    symbol, n = base, 1
    while symbol in taken:
        symbol, n = f"{base}_{n}", n + 1
    return symbol


# --------------------------------------------------------------------------
# Emission
# --------------------------------------------------------------------------

@dataclass
class ImportedModel:
    """The result of import_model: the module's text without its weights,
    the weights (dense_resource blobs by key) and the traced graph.

    `write` stores a model as the tools take it: the text, whose resource
    section names a binary side file holding the weights (about their bytes;
    lib/Dialect/QuantPT2E/IR/ExternalWeights.cpp reads it). `mlir` is the
    self-contained text with the weights as hex, for small models and
    tests."""
    graph_text: str
    graph_module: torch.fx.GraphModule
    input_types: List[str]
    output_types: List[str]
    resources: List[Tuple[str, bytes]]

    @property
    def num_resources(self) -> int:
        return len(self.resources)

    @property
    def mlir(self) -> str:
        if not self.resources:
            return self.graph_text
        lines = ["", "{-#", "  dialect_resources: {", "    builtin: {"]
        for i, (key, data) in enumerate(self.resources):
            # dense_resource hex blobs start with the alignment as uint32 LE.
            blob = "0x04000000" + data.hex().upper()
            comma = "," if i + 1 < len(self.resources) else ""
            lines.append(f"      {key}: \"{blob}\"{comma}")
        lines += ["    }", "  }", "#-}"]
        return self.graph_text + "\n".join(lines) + "\n"

    def write(self, mlir_path) -> Path:
        """Writes `mlir_path` and its weights beside it (`.weights`), each
        file atomically, the weights first; returns the text's path."""
        mlir_path = Path(mlir_path)
        text = self.graph_text
        if self.resources:
            weights = mlir_path.with_suffix(".weights").resolve()
            write_weights(weights, self.resources)
            text += ("\n{-#\n  dialect_resources: {\n    quant_pt2e: {\n"
                     f"      external_weights: {_string(str(weights))}\n"
                     "    }\n  }\n#-}\n")
        tmp = Path(str(mlir_path) + ".partial")
        tmp.write_text(text)
        os.replace(tmp, mlir_path)
        return mlir_path


#: Blob data offsets in a weights file are multiples of this.
_WEIGHTS_ALIGN = 64


def write_weights(path: Path, resources: Sequence[Tuple[str, bytes]]) -> None:
    """The weights side file (format in ExternalWeights.cpp): "QPT2EWTS",
    version, count, an index of (key, alignment, size, offset), then the
    blobs at 64-byte aligned offsets."""
    keys = [key.encode() for key, _ in resources]
    index_size = 16 + sum(4 + len(k) + 4 + 8 + 8 for k in keys)
    offset = -(-index_size // _WEIGHTS_ALIGN) * _WEIGHTS_ALIGN
    index = [b"QPT2EWTS", struct.pack("<II", 1, len(resources))]
    offsets = []
    for key, (_, data) in zip(keys, resources):
        offsets.append(offset)
        index.append(struct.pack("<I", len(key)) + key +
                     struct.pack("<IQQ", 16, len(data), offset))
        offset = -(-(offset + len(data)) // _WEIGHTS_ALIGN) * _WEIGHTS_ALIGN
    tmp = Path(str(path) + ".partial")
    with open(tmp, "wb") as f:
        f.write(b"".join(index))
        for at, (_, data) in zip(offsets, resources):
            f.seek(at)
            f.write(data)
        f.truncate(offset)
    os.replace(tmp, path)


class _Value:
    """An emitted SSA value (or a tuple of them) with its type."""

    def __init__(self, name, type_str):
        self.name = name
        self.type = type_str


@dataclass
class _Emitter:
    gm: torch.fx.GraphModule
    lines: List[str] = field(default_factory=list)
    resources: List[Tuple[str, bytes]] = field(default_factory=list)
    env: Dict[torch.fx.Node, object] = field(default_factory=dict)
    counter: int = 0
    #: nodes whose quantization_annotation went into an emitted op
    annotated: set = field(default_factory=set)
    #: names of the opaque submodules, by the id their calls carry
    submodule_names: List[str] = field(default_factory=list)
    #: submodule name -> (symbol, input type, result type) of its calls
    submodules: Dict[str, Tuple[str, str, str]] = field(default_factory=dict)

    def fresh(self) -> str:
        self.counter += 1
        return f"%{self.counter - 1}"

    def emit(self, text: str):
        self.lines.append("    " + text)

    # -- helpers -------------------------------------------------------------
    def value(self, arg) -> _Value:
        if isinstance(arg, torch.fx.Node):
            value = self.env[arg]
            if isinstance(value, list):
                raise UnsupportedOpError(f"tuple value {arg.name} used directly")
            return value
        raise UnsupportedOpError(f"expected a tensor, got {arg!r}")

    @staticmethod
    def result_type(node: torch.fx.Node, index: Optional[int] = None) -> str:
        """Type of the node's result, or of result `index` of a tuple."""
        meta = node.meta.get("tensor_meta")
        if index is not None and not isinstance(meta, TensorMetadata):
            if meta is not None:
                meta = meta[index]
            else:
                # make_fx leaves tuple-producing nodes without metadata; the
                # getitem that extracts the result has it.
                meta = next((user.meta.get("tensor_meta") for user in node.users
                             if user.target is operator.getitem
                             and user.args[1] == index), None)
        if not isinstance(meta, TensorMetadata):
            raise UnsupportedOpError(f"no tensor metadata on {node.name}")
        return _tensor_type(meta.shape, meta.dtype)

    @staticmethod
    def module_attrs(node: torch.fx.Node) -> List[str]:
        stack = node.meta.get("quant_pt2e_module_stack") or []
        if not stack:
            return []
        inner = stack[-1]
        types = ", ".join(_string(frame.type_name) for frame in stack)
        return [f"aten.module_path = {_string(inner.path)}",
                f"aten.module_stack_types = [{types}]",
                f"aten.module_type = {_string(inner.type_name)}"]

    def annotation_attrs(self, node: torch.fx.Node, operands) -> List[str]:
        """A user quantizer's annotation of `node` (quant_pt2e.quantizer);
        an output annotation on getitem(node, 0) belongs to `node`'s op."""
        from .quantizer import QuantizationAnnotation, render_annotation
        annotation = node.meta.get("quantization_annotation")
        output = annotation.output_qspec if annotation is not None else None
        for user in node.users:
            if user.target is operator.getitem and user.args[1] == 0:
                inner = user.meta.get("quantization_annotation")
                if inner is not None and inner.output_qspec is not None:
                    output = inner.output_qspec
                    annotation = annotation or QuantizationAnnotation()
                    self.annotated.add(user)
        if annotation is None:
            return []
        self.annotated.add(node)
        # Each operand's FX node: the argument whose emitted value it is.
        operand_nodes = []
        for value in operands:
            operand_nodes.append(next((arg for arg in node.all_input_nodes
                                       if self.env.get(arg) is value), None))
        try:
            return [render_annotation(node, annotation, operand_nodes, output)]
        except ValueError as error:
            raise UnsupportedOpError(f"{error} ({_describe(node)})") from error

    def constant(self, tensor: torch.Tensor, hint: str) -> _Value:
        tensor = tensor.detach().contiguous().cpu()
        type_str = _tensor_type(tensor.shape, tensor.dtype)
        key = f"{hint}_{len(self.resources)}"
        self.resources.append((key, tensor.numpy().tobytes()))
        name = self.fresh()
        self.emit(f"{name} = arith.constant dense_resource<{key}> : {type_str}")
        return _Value(name, type_str)

    def op(self, node, body: str, operands: Sequence[_Value], result_types,
           style: str = "functional", attrs: Sequence[str] = (), annotate: bool = True):
        """Emits `%r = <body> {attrs} : <types>`.

        `body` is the op with its operands and literal arguments; `{operands}`
        in it stands for the comma-separated operand names. The attribute
        dictionary holds `attrs` and the module-path attributes. `style`
        chooses the trailing types: functional `(ins) -> outs`, unary `T`,
        arrow `T -> R`, binary `A, B -> R`. Of the several ops one node
        becomes, only the one with the node's value takes its quantizer
        annotation (`annotate`); a node whose value no single op holds
        (split, unbind) takes none, and an annotation of it is refused.
        """
        body = body.replace("{operands}", ", ".join(v.name for v in operands))
        all_attrs = list(attrs) + self.module_attrs(node) + \
            (self.annotation_attrs(node, operands) if annotate else [])
        if all_attrs:
            body += " {" + ", ".join(all_attrs) + "}"
        single = isinstance(result_types, str)
        result_types = [result_types] if single else list(result_types)
        results = [self.fresh() for _ in result_types]
        if style == "functional":
            outs = result_types[0] if single else "(" + ", ".join(result_types) + ")"
            trailer = f"({', '.join(v.type for v in operands)}) -> {outs}"
        elif style == "unary":
            trailer = operands[0].type
        elif style == "arrow":
            trailer = f"{operands[0].type} -> {result_types[0]}"
        elif style == "binary":
            trailer = f"{operands[0].type}, {operands[1].type} -> {result_types[0]}"
        else:
            raise ValueError(style)
        self.emit(f"{', '.join(results)} = {body} : {trailer}")
        values = [_Value(r, t) for r, t in zip(results, result_types)]
        return values[0] if single else values


# Translations: aten target name -> function(emitter, node) -> value(s).
_TRANSLATIONS: Dict[str, Callable] = {}


def _translation(*names):
    def register(fn):
        for name in names:
            _TRANSLATIONS[name] = fn
        return fn
    return register


def _arg(node, index, name, default=None):
    if len(node.args) > index:
        return node.args[index]
    return node.kwargs.get(name, default)


@_translation("aten.convolution.default")
def _convolution(em: _Emitter, node):
    x, w, b, stride, padding, dilation, transposed, output_padding, groups = node.args
    operands = [em.value(x), em.value(w)] + ([em.value(b)] if b is not None else [])
    text = (f"aten.convolution {{operands}} stride {_ints(stride)} padding "
            f"{_ints(padding)} dilation {_ints(dilation)}"
            f"{' transposed' if transposed else ''} output_padding "
            f"{_ints(output_padding)} groups {int(groups)}")
    return em.op(node, text, operands, em.result_type(node))


@_translation("aten.native_batch_norm.default")
def _batch_norm(em: _Emitter, node):
    x, weight, bias, mean, var, training, momentum, eps = node.args
    operands = [em.value(x), em.value(mean), em.value(var)]
    body = "aten.batch_norm_training" if training else "aten.batch_norm"
    body += f" {operands[0].name} mean {operands[1].name} var {operands[2].name}"
    for keyword, arg in (("weight", weight), ("bias", bias)):
        if arg is not None:
            operands.append(em.value(arg))
            body += f" {keyword} {operands[-1].name}"
    body += f" momentum({_float(momentum)}) eps({_float(eps)})"
    out_type = em.result_type(node, 0)
    if not training:
        # Results 1 and 2 (saved mean / inverse std) are not modelled.
        return [em.op(node, body, operands, out_type), None, None]
    # The functional training form returns the updated running statistics
    # instead of the saved batch statistics native_batch_norm returns.
    out, _, _ = em.op(node, body, operands,
                      [out_type, operands[1].type, operands[2].type])
    return [out, None, None]


def _unary(mnemonic, attr_fn=None):
    def translate(em: _Emitter, node):
        attrs = attr_fn(node) if attr_fn else []
        return em.op(node, f"aten.{mnemonic} {{operands}}", [em.value(node.args[0])],
                     em.result_type(node), "unary", attrs)
    return translate


for _name, _mn in [("relu", "relu"), ("tanh", "tanh"), ("sigmoid", "sigmoid"),
                   ("hardswish", "hardswish"), ("hardsigmoid", "hardsigmoid"),
                   ("silu", "silu")]:
    _translation(f"aten.{_name}.default", f"aten.{_name}_.default")(_unary(_mn))

def _f64_attrs(*specs):
    """Attribute builder: (name, arg index, default) -> `name = v : f64`."""
    return lambda n: [f"{name} = {_float(_arg(n, index, name, default))} : f64"
                      for name, index, default in specs]


_translation("aten.hardtanh.default", "aten.hardtanh_.default")(_unary(
    "hardtanh", _f64_attrs(("min_val", 1, -1.0), ("max_val", 2, 1.0))))
_translation("aten.leaky_relu.default", "aten.leaky_relu_.default")(_unary(
    "leaky_relu", _f64_attrs(("negative_slope", 1, 0.01))))
_translation("aten.elu.default", "aten.elu_.default")(_unary(
    "elu", _f64_attrs(("alpha", 1, 1.0), ("scale", 2, 1.0), ("input_scale", 3, 1.0))))


def _clamp_attrs(node):
    parts = []
    lo, hi = _arg(node, 1, "min"), _arg(node, 2, "max")
    if lo is not None:
        parts.append(f"min = {_float(lo)} : f64")
    if hi is not None:
        parts.append(f"max = {_float(hi)} : f64")
    return parts


_translation("aten.clamp.default", "aten.clamp_.default")(_unary("clamp", _clamp_attrs))


def _binary(mnemonic, has_alpha):
    def translate(em: _Emitter, node):
        lhs, rhs = node.args[0], node.args[1]
        alpha = _arg(node, 2, "alpha", 1) if has_alpha else 1
        alpha_text = f" alpha({_float(alpha)})" if alpha != 1 else ""
        if isinstance(rhs, torch.fx.Node):
            operands = [em.value(lhs), em.value(rhs)]
            return em.op(node, f"aten.{mnemonic} {{operands}}{alpha_text}", operands,
                         em.result_type(node), "binary")
        if not isinstance(rhs, (int, float)):
            raise UnsupportedOpError(f"{node.target} with operand {rhs!r}")
        text = f"aten.{mnemonic}_scalar {{operands}}, {_float(rhs)}{alpha_text}"
        return em.op(node, text, [em.value(lhs)], em.result_type(node), "unary")
    return translate


for _name, _alpha in [("add", True), ("sub", True), ("mul", False)]:
    _translation(f"aten.{_name}.Tensor", f"aten.{_name}_.Tensor",
                 f"aten.{_name}.Scalar", f"aten.{_name}_.Scalar")(_binary(_name, _alpha))


@_translation("aten.div.Tensor", "aten.div_.Tensor", "aten.div.Scalar",
              "aten.div_.Scalar")
def _div(em: _Emitter, node):
    if _arg(node, 2, "rounding_mode") is not None:
        raise UnsupportedOpError(f"{node.target} with a rounding mode {_describe(node)}")
    return _binary("div", False)(em, node)


_translation("aten.sqrt.default")(_unary("sqrt"))


@_translation("aten.t.default")
def _t(em, node):
    return em.op(node, "aten.t {operands}", [em.value(node.args[0])],
                 em.result_type(node), "arrow")


@_translation("aten.addmm.default")
def _addmm(em, node):
    beta, alpha = _arg(node, 3, "beta", 1), _arg(node, 4, "alpha", 1)
    extra = []
    if beta != 1:
        extra.append(f"beta = {_float(beta)} : f64")
    if alpha != 1:
        extra.append(f"alpha = {_float(alpha)} : f64")
    operands = [em.value(a) for a in node.args[:3]]
    return em.op(node, "aten.addmm {operands}", operands, em.result_type(node),
                 attrs=extra)


@_translation("aten.mm.default")
def _mm(em, node):
    operands = [em.value(a) for a in node.args[:2]]
    return em.op(node, "aten.mm {operands}", operands, em.result_type(node))


@_translation("aten.linear.default")
def _linear(em, node):
    operands = [em.value(a) for a in node.args[:3] if a is not None]
    return em.op(node, "aten.linear {operands}", operands, em.result_type(node))


def _pool_window(node):
    """kernel, stride (defaults to kernel), padding of a 2-d pooling call,
    each expanded to two entries as PyTorch does for a single int."""
    pair = lambda values: list(values) * 2 if len(values) == 1 else list(values)  # noqa: E731
    kernel = pair(node.args[1])
    return kernel, pair(_arg(node, 2, "stride", []) or kernel), \
        pair(_arg(node, 3, "padding", [0, 0]))


@_translation("aten.max_pool2d_with_indices.default", "aten.max_pool2d.default")
def _max_pool(em, node):
    kernel, stride, padding = _pool_window(node)
    dilation = list(_arg(node, 4, "dilation", [1, 1]))
    dilation = dilation * 2 if len(dilation) == 1 else dilation
    ceil = _arg(node, 5, "ceil_mode", False)
    text = (f"aten.max_pool2d {{operands}} kernel {_ints(kernel)} stride {_ints(stride)} "
            f"padding {_ints(padding)} dilation {_ints(dilation)}"
            f"{' ceil_mode' if ceil else ''}")
    with_indices = node.target == torch.ops.aten.max_pool2d_with_indices.default
    value = em.op(node, text, [em.value(node.args[0])],
                  em.result_type(node, 0 if with_indices else None), "arrow")
    return [value, None] if with_indices else value


@_translation("aten.avg_pool2d.default")
def _avg_pool(em, node):
    kernel, stride, padding = _pool_window(node)
    ceil = _arg(node, 4, "ceil_mode", False)
    include_pad = _arg(node, 5, "count_include_pad", True)
    divisor = _arg(node, 6, "divisor_override", None)
    text = (f"aten.avg_pool2d {{operands}} kernel {_ints(kernel)} stride {_ints(stride)} "
            f"padding {_ints(padding)}{' ceil_mode' if ceil else ''}"
            f"{' count_include_pad' if include_pad else ''}"
            f"{f' divisor_override({int(divisor)})' if divisor else ''}")
    return em.op(node, text, [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten._adaptive_avg_pool2d.default", "aten.adaptive_avg_pool2d.default")
def _adaptive_avg_pool(em, node):
    size = list(node.args[1])
    size = size * 2 if len(size) == 1 else size
    return em.op(node, f"aten.adaptive_avg_pool2d {{operands}} output_size {_ints(size)}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.mean.dim")
def _mean(em, node):
    dims = _arg(node, 1, "dim")
    keep = _arg(node, 2, "keepdim", False)
    return em.op(node, f"aten.mean {{operands}} dims {_ints(dims)}"
                       f"{' keepdim' if keep else ''}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.cat.default")
def _cat(em, node):
    operands = [em.value(a) for a in node.args[0]]
    dim = _arg(node, 1, "dim", 0)
    return em.op(node, f"aten.cat {{operands}} dim {int(dim)}", operands,
                 em.result_type(node))


@_translation("aten.permute.default")
def _permute(em, node):
    return em.op(node, f"aten.permute {{operands}} dims {_ints(node.args[1])}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.view.default", "aten._reshape_alias.default", "aten.reshape.default",
              "aten._unsafe_view.default", "aten.unsqueeze.default")
def _view(em, node):
    # unsqueeze has a dim, not a size: use the result shape.
    size = node.meta["tensor_meta"].shape if node.target == \
        torch.ops.aten.unsqueeze.default else node.args[1]
    return em.op(node, f"aten.view {{operands}} size {_ints(size)}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.flatten.using_ints")
def _flatten(em, node):
    start, end = _arg(node, 1, "start_dim", 0), _arg(node, 2, "end_dim", -1)
    return em.op(node, f"aten.flatten {{operands}} start_dim {int(start)} end_dim {int(end)}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.squeeze.dim", "aten.squeeze.default", "aten.squeeze.dims")
def _squeeze(em, node):
    dims = _arg(node, 1, "dim")
    dims_text = "" if dims is None else \
        f" dims {_ints(dims if isinstance(dims, (list, tuple)) else [dims])}"
    return em.op(node, f"aten.squeeze {{operands}}{dims_text}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.constant_pad_nd.default")
def _pad(em, node):
    value = _arg(node, 2, "value", 0.0)
    return em.op(node, f"aten.pad {{operands}} pad {_ints(node.args[1])} mode <constant> "
                       f"value({_float(value)})",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.reflection_pad1d.default", "aten.reflection_pad2d.default",
              "aten.replication_pad1d.default", "aten.replication_pad2d.default")
def _gather_pad(em, node):
    mode = "reflect" if "reflection" in str(node.target) else "replicate"
    return em.op(node, f"aten.pad {{operands}} pad {_ints(node.args[1])} mode <{mode}> "
                       f"value(0.0)", [em.value(node.args[0])], em.result_type(node),
                 "arrow")


@_translation("aten.embedding.default")
def _embedding(em, node):
    padding_idx = _arg(node, 2, "padding_idx", -1)
    extra = [f"padding_idx = {int(padding_idx)} : i64"] if padding_idx != -1 else []
    operands = [em.value(node.args[0]), em.value(node.args[1])]
    return em.op(node, "aten.embedding {operands}", operands, em.result_type(node),
                 attrs=extra)


@_translation("aten.native_layer_norm.default")
def _layer_norm(em, node):
    x, shape, weight, bias, eps = node.args
    operands = [em.value(x)]
    text = f"aten.layer_norm {em.value(x).name} normalized_shape {_ints(shape)}"
    if weight is not None:
        operands.append(em.value(weight))
        text += f" weight {operands[-1].name}"
    if bias is not None:
        operands.append(em.value(bias))
        text += f" bias {operands[-1].name}"
    value = em.op(node, text + f" eps({_float(eps)})", operands,
                  em.result_type(node, 0))
    return [value, None, None]


def _input_shape(node, index=0):
    return list(node.args[index].meta["tensor_meta"].shape)


def _norm_dim(dim, rank):
    return dim + rank if dim < 0 else dim


@_translation("aten.transpose.int", "aten.transpose_.default")
def _transpose(em, node):
    # A transpose is the permutation swapping two dimensions.
    rank = len(_input_shape(node))
    dims = list(range(rank))
    a, b = (_norm_dim(int(d), max(rank, 1)) for d in node.args[1:3])
    if rank:
        dims[a], dims[b] = dims[b], dims[a]
    return em.op(node, f"aten.permute {{operands}} dims {_ints(dims)}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


def _slice_value(em, node, x: _Value, shape, dim, start, end, step=1, annotate=True):
    """aten.slice of `x` (shape `shape`) with PyTorch's bound rules
    applied: negative bounds count from the end, both clamp to the size."""
    size = int(shape[dim])
    start = 0 if start is None else int(start)
    end = size if end is None else int(end)
    start = start + size if start < 0 else start
    end = end + size if end < 0 else end
    start = min(max(start, 0), size)
    end = min(max(end, start), size)
    out = list(shape)
    out[dim] = -(-(end - start) // step)
    dtype = node.args[0].meta["tensor_meta"].dtype
    text = (f"aten.slice {{operands}} dim {dim} start {start} end {end} "
            f"step {int(step)}")
    return em.op(node, text, [x], _tensor_type(out, dtype), "arrow",
                 annotate=annotate), out


def _squeeze_dim(em, node, value: _Value, shape, dim, annotate=True):
    out = [d for i, d in enumerate(shape) if i != dim]
    dtype = node.args[0].meta["tensor_meta"].dtype
    return em.op(node, f"aten.squeeze {{operands}} dims {_ints([dim])}", [value],
                 _tensor_type(out, dtype), "arrow", annotate=annotate)


@_translation("aten.slice.Tensor")
def _slice(em, node):
    shape = _input_shape(node)
    dim = _norm_dim(int(_arg(node, 1, "dim", 0)), len(shape))
    step = int(_arg(node, 4, "step", 1))
    if step < 1:
        raise UnsupportedOpError(f"aten.slice with step {step} {_describe(node)}")
    value, _ = _slice_value(em, node, em.value(node.args[0]), shape, dim,
                            _arg(node, 2, "start"), _arg(node, 3, "end"), step)
    return value


@_translation("aten.select.int")
def _select(em, node):
    shape = _input_shape(node)
    dim = _norm_dim(int(node.args[1]), len(shape))
    index = int(node.args[2])
    index = index + int(shape[dim]) if index < 0 else index
    value, sliced = _slice_value(em, node, em.value(node.args[0]), shape, dim,
                                 index, index + 1, annotate=False)
    return _squeeze_dim(em, node, value, sliced, dim)


@_translation("aten.split.Tensor", "aten.unsafe_split.Tensor",
              "aten.split_with_sizes.default", "aten.unsafe_split_with_sizes.default")
def _split(em, node):
    # Each piece is a slice; getitem picks them.
    shape = _input_shape(node)
    dim = _norm_dim(int(_arg(node, 2, "dim", 0)), len(shape))
    sizes = node.args[1]
    if isinstance(sizes, int):
        size = int(shape[dim])
        sizes = [min(sizes, size - start) for start in range(0, size, sizes)] or [0]
    x, start, pieces = em.value(node.args[0]), 0, []
    for length in sizes:
        value, _ = _slice_value(em, node, x, shape, dim, start, start + int(length),
                                annotate=False)
        pieces.append(value)
        start += int(length)
    return pieces


@_translation("aten.unbind.int")
def _unbind(em, node):
    shape = _input_shape(node)
    dim = _norm_dim(int(_arg(node, 1, "dim", 0)), len(shape))
    x, pieces = em.value(node.args[0]), []
    for index in range(int(shape[dim])):
        value, sliced = _slice_value(em, node, x, shape, dim, index, index + 1,
                                     annotate=False)
        pieces.append(_squeeze_dim(em, node, value, sliced, dim, annotate=False))
    return pieces


@_translation("aten.stack.default")
def _stack(em, node):
    # unsqueeze every input at `dim`, then concatenate.
    inputs = node.args[0]
    shape = list(inputs[0].meta["tensor_meta"].shape)
    dim = _norm_dim(int(_arg(node, 1, "dim", 0)), len(shape) + 1)
    dtype = inputs[0].meta["tensor_meta"].dtype
    unsqueezed = shape[:dim] + [1] + shape[dim:]
    operands = [em.op(node, f"aten.view {{operands}} size {_ints(unsqueezed)}",
                      [em.value(t)], _tensor_type(unsqueezed, dtype), "arrow",
                      annotate=False)
                for t in inputs]
    return em.op(node, f"aten.cat {{operands}} dim {dim}", operands,
                 em.result_type(node))


@_translation("aten.expand.default")
def _expand(em, node):
    return em.op(node, f"aten.expand {{operands}} size {_ints(node.args[1])}",
                 [em.value(node.args[0])], em.result_type(node), "arrow")


@_translation("aten.zeros.default", "aten.new_zeros.default")
def _zeros(em, node):
    # A literal splat: no weights blob.
    type_str = em.result_type(node)
    literal = "0" if node.meta["tensor_meta"].dtype in (torch.int64, torch.int32) else \
        ("false" if node.meta["tensor_meta"].dtype == torch.bool else "0.0")
    value = _Value(em.fresh(), type_str)
    em.emit(f"{value.name} = arith.constant dense<{literal}> : {type_str}")
    return value


_translation("aten.gelu.default", "aten.gelu_.default")(_unary(
    "gelu", lambda n: [f"approximate = {_string(_arg(n, 1, 'approximate', 'none'))}"]))


@_translation("aten._softmax.default", "aten.softmax.int")
def _softmax(em, node):
    if node.target == torch.ops.aten._softmax.default and node.args[2]:
        raise UnsupportedOpError(f"aten._softmax with half_to_float {_describe(node)}")
    if node.target == torch.ops.aten.softmax.int and _arg(node, 2, "dtype") is not None:
        raise UnsupportedOpError(f"aten.softmax with a dtype {_describe(node)}")
    return em.op(node, f"aten.softmax {{operands}} dim {int(node.args[1])}",
                 [em.value(node.args[0])], em.result_type(node), "unary")


@_translation("aten.bmm.default")
def _bmm(em, node):
    operands = [em.value(a) for a in node.args[:2]]
    return em.op(node, "aten.bmm {operands}", operands, em.result_type(node))


@_translation("aten.as_strided.default", "aten.as_strided_.default")
def _as_strided(em, node):
    """Only the layout-only form: the same sizes, and the same strides on
    every dimension of size > 1, at the tensor's own storage offset (none
    given), which reads every element where it was: a memory-format
    restride, as of aten.mean's output in ConvNeXt. MLIR tensors have no
    strides."""
    meta = node.args[0].meta["tensor_meta"]
    size, stride = list(node.args[1]), list(node.args[2])
    same = (size == list(meta.shape) and len(stride) == len(size)
            and all(d == 1 or s == t for d, s, t in zip(size, stride, meta.stride))
            and _arg(node, 3, "storage_offset") is None)
    if not same:
        raise UnsupportedOpError(
            f"{node.target} that moves elements (size {size}, stride {stride}) "
            f"{_describe(node)}")
    return em.value(node.args[0])


# Ops that only alias or copy their input.
for _name in ("aten.detach.default", "aten.clone.default", "aten.alias.default",
              "aten.contiguous.default", "aten.dropout.default",
              "aten.lift_fresh_copy.default"):
    _TRANSLATIONS[_name] = lambda em, node: em.value(node.args[0])


_translation("quant_pt2e.dropout.default")(_unary("dropout", _f64_attrs(("p", 1, 0.5))))


@_translation("quant_pt2e.submodule.default")
def _submodule(em, node):
    name = em.submodule_names[node.args[1]]
    x = em.value(node.args[0])
    result = em.result_type(node)
    if name not in em.submodules:
        taken = {symbol for symbol, _, _ in em.submodules.values()}
        em.submodules[name] = (submodule_symbol(name, taken), x.type, result)
    known = em.submodules[name]
    symbol = known[0]
    if known[1:] != (x.type, result):
        raise UnsupportedOpError(
            f"quantized submodule '{name}' is called with different shapes "
            f"({known[1]} and {x.type}); a converted module has static shapes")
    value = _Value(em.fresh(), result)
    em.emit(f"{value.name} = func.call @{symbol}({x.name}) : ({x.type}) -> {result}")
    return value


_IGNORED_IF_UNUSED = {"aten.empty.memory_format"}


def _target_name(node: torch.fx.Node) -> str:
    if node.target is operator.getitem:
        return "getitem"
    return str(node.target)


def _describe(node: torch.fx.Node) -> str:
    stack = node.meta.get("quant_pt2e_module_stack") or []
    if not stack:
        return "at the top level of the model"
    return f"in module '{stack[-1].path}' ({stack[-1].type_name})"


def _same_module(*nodes) -> bool:
    stacks = [[frame.path for frame in n.meta.get("quant_pt2e_module_stack") or []]
              for n in nodes]
    return all(stack == stacks[0] for stack in stacks)


def _recover_linear(gm: torch.fx.GraphModule) -> None:
    """Rebuilds aten.linear from make_fx's decompositions of nn.Linear:
    addmm(b, x, t(W)), mm(x, t(W)) and view(mm(view(x), t(W))) [+ b], when W
    is a parameter and every piece runs in the same module. PT2E quantizers
    (and our annotator) match `linear`, as torch.export would show it."""
    aten = torch.ops.aten
    graph = gm.graph

    def weight_of(t_node):
        if (isinstance(t_node, torch.fx.Node) and t_node.target == aten.t.default
                and t_node.args[0].op == "get_attr"):
            return t_node.args[0]
        return None

    for node in list(graph.nodes):
        replacement = None
        if node.target == aten.addmm.default and len(node.users) > 0:
            bias, x, t_node = node.args[:3]
            weight = weight_of(t_node)
            scalars = [_arg(node, 3, "beta", 1), _arg(node, 4, "alpha", 1)]
            if weight is not None and scalars == [1, 1] and bias.op == "get_attr" \
                    and _same_module(node, t_node):
                replacement = (node, (x, weight, bias))
        elif node.target == aten.mm.default:
            x, t_node = node.args[:2]
            weight = weight_of(t_node)
            if weight is None or not _same_module(node, t_node):
                continue
            out, bias = node, None
            if x.target in (aten._reshape_alias.default, aten.view.default):
                users = list(node.users)
                if len(users) != 1 or users[0].target not in (
                        aten._unsafe_view.default, aten.view.default):
                    continue
                x, out = x.args[0], users[0]
            users = list(out.users)
            if (len(users) == 1 and users[0].target == aten.add.Tensor
                    and users[0].args[0] is out and isinstance(users[0].args[1], torch.fx.Node)
                    and users[0].args[1].op == "get_attr" and _same_module(node, users[0])
                    and _arg(users[0], 2, "alpha", 1) == 1):
                out, bias = users[0], users[0].args[1]
            replacement = (out, (x, weight) + ((bias,) if bias is not None else ()))
        if replacement is None:
            continue
        last, args = replacement
        with graph.inserting_after(last):
            linear = graph.call_function(aten.linear.default, args)
        linear.meta = dict(last.meta)
        linear.meta["quant_pt2e_module_stack"] = node.meta.get("quant_pt2e_module_stack")
        last.replace_all_uses_with(linear)
    graph.eliminate_dead_code()


def import_model(module: torch.nn.Module, example_inputs: Sequence[torch.Tensor],
                 func_name: str = "forward",
                 quantized_submodules: Optional[Dict[str, Callable]] = None,
                 quantizer=None) -> ImportedModel:
    """Traces `module` with make_fx on `example_inputs` and returns MLIR text
    in the aten dialect (weights as dense_resource blobs).

    `quantized_submodules` maps qualified submodule names to callables that
    run them (one tensor in, one out): their calls stay opaque (see the
    module docstring). `quantizer` (a quant_pt2e.quantizer.Quantizer)
    annotates the traced graph; its annotations become the ops'
    `quant_pt2e.annotation` attributes."""
    # Strides only steer make_fx's decompositions (a permuted input would
    # turn linear's view into a reshape copy); MLIR tensors have none.
    example_inputs = tuple(t.contiguous() if isinstance(t, torch.Tensor) else t
                           for t in example_inputs)
    # Tracing runs the forward: a module in training mode would update its
    # batch-norm running statistics. The imported graph (whose constants
    # alias the buffers) and the module keep the values from before.
    saved = {name: b.detach().clone() for name, b in module.named_buffers()}
    with torch.no_grad(), _opaque_submodules(module, quantized_submodules or {}), \
            _track_module_stack(module), _EvalDropout():
        gm = make_fx(module)(*example_inputs)
        for name, buffer in module.named_buffers():
            buffer.copy_(saved[name])
    gm.graph.eliminate_dead_code()
    _recover_linear(gm)
    if quantizer is not None:
        quantizer.annotate(gm)
        quantizer.validate(gm)

    em = _Emitter(gm, submodule_names=list(quantized_submodules or {}))
    args: List[str] = []
    input_types = []
    for node in gm.graph.nodes:
        if node.op == "placeholder":
            meta = node.meta["tensor_meta"]
            type_str = _tensor_type(meta.shape, meta.dtype)
            name = f"%arg{len(args)}"
            args.append(f"{name}: {type_str}")
            input_types.append(type_str)
            em.env[node] = _Value(name, type_str)

    results: List[_Value] = []
    for node in gm.graph.nodes:
        if node.op == "placeholder":
            continue
        if node.op == "get_attr":
            em.env[node] = em.constant(getattr(gm, node.target), "param")
            continue
        if node.op == "output":
            # Nested tuples (nn.LSTM's (output, (h, c))) flatten in order.
            def flatten(value):
                if isinstance(value, (list, tuple)):
                    return [leaf for item in value for leaf in flatten(item)]
                return [value]
            results = [em.value(o) for o in flatten(node.args[0])]
            continue
        if node.op != "call_function":
            raise UnsupportedOpError(f"unsupported node kind '{node.op}' ({node.name})")
        name = _target_name(node)
        if name == "getitem":
            source, index = node.args
            value = em.env[source]
            if not isinstance(value, list) or value[index] is None:
                raise UnsupportedOpError(
                    f"result {index} of {source.target} is not supported "
                    f"({_describe(source)})")
            em.env[node] = value[index]
            continue
        if name in _IGNORED_IF_UNUSED and not node.users:
            continue
        translate = _TRANSLATIONS.get(name)
        if translate is None:
            raise UnsupportedOpError(f"unsupported op {name} {_describe(node)}")
        value = translate(em, node)
        em.env[node] = value
        # In-place ops: later uses of the mutated tensor see the new value.
        schema_name = name.split(".")[1] if name.count(".") >= 2 else ""
        if schema_name.endswith("_") and isinstance(node.args[0], torch.fx.Node):
            em.env[node.args[0]] = value

    # An annotation on a node that emitted no op of its own (a view-like
    # alias, a tuple element other than 0, an opaque submodule call) would be
    # lost: refuse it, as PT2E would not ignore it.
    for node in gm.graph.nodes:
        if "quantization_annotation" in node.meta and node not in em.annotated:
            raise UnsupportedOpError(
                f"the quantizer's annotation of {node.name} ({_target_name(node)}) has no "
                f"op to go on {_describe(node)}")

    result_types = [v.type for v in results]
    lines = ["module {",
             f"  func.func @{func_name}({', '.join(args)}) -> "
             f"({', '.join(result_types)}) {{"]
    lines += em.lines
    lines.append(f"    return {', '.join(v.name for v in results)} : "
                 f"{', '.join(result_types)}")
    lines.append("  }")
    for name, (symbol, input_type, result_type) in em.submodules.items():
        lines.append(f"  func.func private @{symbol}({input_type}) -> {result_type} "
                     f"attributes {{quant_pt2e.submodule = {_string(name)}}}")
    lines.append("}")
    return ImportedModel("\n".join(lines) + "\n", gm, input_types, result_types,
                         em.resources)
