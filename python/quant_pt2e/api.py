"""quantize(): the PT2E flow through the compiler's tools.

import -> quant-pt2e-fold-conv-bn -> quant-pt2e-annotate ->
quant-pt2e-prepare -> calibration in
quant-run (the runtime's observers) -> quant-pt2e-convert. Returns the
converted MLIR and a model compiled once (quant-compile, cached) that runs
in process through the C API (compiled.py).
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from .compiled import CompiledModel, CompilerError, ModelError, compile_library, load_private
from .importer import import_model
from .quantizer import Quantizer
from .paths import tool_path


def _tool(name: str, args: Sequence, timeout: int = 1800, cwd: Optional[Path] = None) -> str:
    result = subprocess.run([str(tool_path(name))] + [str(a) for a in args],
                            capture_output=True, text=True, timeout=timeout, cwd=cwd)
    if result.returncode != 0:
        raise CompilerError(f"{name} failed:\n{result.stderr.strip()}")
    return result.stdout


def _text(path: Path) -> str:
    """A module file (text or bytecode) printed as text."""
    return _tool("quant-opt", [path])


def _arrays(tensors: Sequence) -> List[np.ndarray]:
    """Numpy views of the inputs (no copy for dense CPU tensors)."""
    return [t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
            for t in tensors]


def _outputs(results):
    """One tensor, or a tuple of them when the model has several outputs."""
    tensors = tuple(torch.from_numpy(r) for r in results)
    return tensors[0] if len(tensors) == 1 else tensors


def _save_inputs(directory: Path, tensors: Sequence[torch.Tensor]) -> List[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, tensor in enumerate(tensors):
        paths.append(directory / f"input_{i}.npy")
        np.save(paths[-1], tensor.detach().cpu().numpy())
    return paths


#: Largest num_threads (quant-run's --num-threads limit).
MAX_THREADS = 1024


def _check_num_threads(num_threads) -> int:
    if isinstance(num_threads, bool) or not isinstance(num_threads, int) or \
            not 1 <= num_threads <= MAX_THREADS:
        raise ValueError(f"num_threads must be an integer in [1, {MAX_THREADS}], "
                         f"got {num_threads!r}")
    return num_threads


def _sample_tensors(sample, index: int, num_inputs: int, what: str):
    """A calibration sample / training batch as a tuple of the model's inputs."""
    if isinstance(sample, torch.Tensor):
        sample = (sample,)
    sample = tuple(sample)
    if len(sample) != num_inputs:
        raise ValueError(f"{what} {index} has {len(sample)} tensors but the model "
                         f"takes {num_inputs} inputs")
    return sample


#: The int8 lowerings quant-run takes (--lowering): "auto" is the fastest
#: one that is exact on the host's ISA (docs/Target.md).
LOWERINGS = ("auto", "reference", "onednn", "xnnpack", "vector")

_TARGETS: Dict[tuple, Dict[str, str]] = {}


def target_info() -> Dict[str, str]:
    """The host's ISA as the compiler sees it (quant-run --print-target):
    target, extensions, cpu, onednn exact, auto lowering. The oneDNN restriction
    variables (ONEDNN_MAX_CPU_ISA, DNNL_MAX_CPU_ISA) count; read once per
    setting of them."""
    key = tuple(os.environ.get(v) for v in ("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"))
    if key not in _TARGETS:
        out = _tool("quant-run", ["--print-target"])
        _TARGETS[key] = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return _TARGETS[key]


def _check_lowering(lowering: str) -> str:
    if lowering not in LOWERINGS:
        raise ValueError(f"unknown lowering {lowering!r} (one of {', '.join(LOWERINGS)})")
    return lowering


@dataclass
class QuantizedModel:
    """A converted model: its MLIR file and a way to run it."""
    mlir_path: Path
    workdir: Path
    num_threads: int = 1
    stats_path: Optional[Path] = None
    #: "auto" (the fastest exact lowering for the host's ISA), "reference"
    #: (dq -> float op -> q loops), "onednn" or "xnnpack" (fused int8 ops
    #: on the library's kernels, the rest as reference), "vector" (fused
    #: int8 ops on kernels the compiler generates for the target ISA).
    lowering: str = "auto"
    #: The ISA the kernels are compiled for: "host" (the default), or a
    #: named one (generic, avx2, avxvnni, avx512, avx512vnni, amx) that the
    #: host must be able to run.
    target_isa: str = "host"
    _runs: int = field(default=0, repr=False)
    _compiled: Optional[CompiledModel] = field(default=None, repr=False)

    def with_lowering(self, lowering: str, target_isa: str = "host") -> "QuantizedModel":
        """The same converted model, run through another lowering (compiled
        for `target_isa`)."""
        if not isinstance(target_isa, str) or not target_isa:
            raise ValueError(f"target_isa must be an ISA name, got {target_isa!r}")
        return QuantizedModel(self.mlir_path, self.workdir, self.num_threads,
                              self.stats_path, _check_lowering(lowering), target_isa)

    @property
    def backend(self) -> str:
        """The lowering that runs: `auto` resolved for the host's ISA."""
        return target_info()["auto lowering"] if self.lowering == "auto" else self.lowering

    def describe(self) -> str:
        """Which ISA and backend the model runs on, e.g. "target amx (Intel
        Xeon ...), lowering vector (auto)"."""
        info = target_info()
        return (f"target {info['target']} ({info['cpu']}), lowering {self.backend}"
                + (" (auto)" if self.lowering == "auto" else ""))

    @property
    def mlir(self) -> str:
        """The converted module as text (the file is MLIR bytecode)."""
        return _text(self.mlir_path)

    def compiled(self) -> CompiledModel:
        """The model compiled once (quant-compile; the library is cached by
        a hash of the module and the options) and instantiated once."""
        if self._compiled is None:
            library = compile_library(self.mlir_path, self.lowering, self.target_isa,
                                      self.num_threads, target_info())
            self._compiled = CompiledModel(library)
        return self._compiled

    def __call__(self, *inputs: torch.Tensor):
        """Runs the model in process; returns its output as a tensor (a tuple
        of tensors when it has several)."""
        return _outputs(self.compiled().run(*_arrays(inputs),
                                            num_threads=self.num_threads))

    def benchmark(self, *inputs: torch.Tensor, runs: int = 10, warmup: int = 3) -> float:
        """Median latency in milliseconds of the in-process call qm(x)."""
        model = self.compiled()
        arrays = _arrays(inputs)
        for _ in range(warmup):
            model.run(*arrays, num_threads=self.num_threads)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            _outputs(model.run(*arrays, num_threads=self.num_threads))
            times.append((time.perf_counter() - start) * 1e3)
        return float(np.median(times))

    def _quant_run_args(self, inputs: Sequence[torch.Tensor]) -> List:
        self._runs += 1
        paths = _save_inputs(self.workdir / f"run_{self._runs}", inputs)
        args = [self.mlir_path, "--num-threads", self.num_threads,
                "--lowering", self.lowering, "--target-isa", self.target_isa]
        for path in paths:
            args += ["--input", path]
        return args

    def quant_run_benchmark(self, *inputs: torch.Tensor, runs: int = 10,
                            warmup: int = 3) -> float:
        """quant-run's benchmark median (ms) for the same model and options
        (JIT-compiled in its own process): the figure qm(x) is measured
        against."""
        stdout = _tool("quant-run", self._quant_run_args(inputs) +
                       ["--benchmark", runs, "--warmup", warmup])
        return float(re.search(r"median ([0-9.]+) ms", stdout).group(1))

    def quant_run(self, *inputs: torch.Tensor):
        """The outputs as quant-run computes them (JIT, separate process)."""
        args = self._quant_run_args(inputs)
        out = self.workdir / f"run_{self._runs}" / "out"
        _tool("quant-run", args + ["--output-dir", out])
        results = []
        while (out / f"output_{len(results)}.npy").exists():
            results.append(np.load(out / f"output_{len(results)}.npy"))
        return _outputs(results)


def _annotate_options(quantizer, per_channel, dynamic, qat, module_names,
                      module_types) -> List[str]:
    """The annotate pass for a built-in quantizer; a user Quantizer object
    annotated the graph during import instead."""
    if not isinstance(quantizer, str):
        if module_names or module_types:
            raise ValueError("module_names / module_types configure the built-in "
                             "quantizer; a Quantizer object annotates by itself")
        return []
    return [_annotate_option(quantizer, per_channel, dynamic, qat, module_names,
                             module_types)]


def _user_quantizer(quantizer):
    return None if isinstance(quantizer, str) else quantizer


def _annotate_option(quantizer, per_channel, dynamic, qat, module_names, module_types) -> str:
    options = [f"quantizer={quantizer}", f"per-channel={'true' if per_channel else 'false'}",
               f"dynamic={'true' if dynamic else 'false'}", f"qat={'true' if qat else 'false'}"]
    for name, config in (module_names or {}).items():
        options.append(f"module-name={name}={config}")
    for name, config in (module_types or {}).items():
        options.append(f"module-type={name}={config}")
    return f"--quant-pt2e-annotate={' '.join(options)}"


class QATModel:
    """A model prepared for quantization-aware training (prepare_qat_pt2e).

    Its forward runs in training mode: batch norms normalize with the batch
    statistics and update their running statistics, fake quantizes update
    their moving-average observers and fake-quantize with the qparams of
    this step. The prepared model is compiled once and runs in process; its
    state (observers, running statistics) stays in memory between calls,
    so successive calls continue training. There is no backward pass:
    parameters stay as imported.
    """

    def __init__(self, mlir_path: Path, workdir: Path, num_inputs: Optional[int] = None):
        self.mlir_path = mlir_path
        self.workdir = workdir
        #: How many tensors each forward takes (the example inputs').
        self.num_inputs = num_inputs
        self._model: Optional[CompiledModel] = None
        self._forwards = 0
        self._stats_written = 0

    @property
    def mlir(self) -> str:
        """The prepared module as text (the file is MLIR bytecode)."""
        return _text(self.mlir_path)

    def _compiled(self) -> CompiledModel:
        if self._model is None:
            library = compile_library(self.mlir_path, "reference", "host", 1, target_info())
            # Its own copy: the running statistics are the library's globals.
            self._model = load_private(library, self.workdir)
        return self._model

    def _forward(self, inputs) -> Tuple[np.ndarray, ...]:
        results = self._compiled().run(*_arrays(inputs))
        self._forwards += 1
        return results

    def __call__(self, *inputs: torch.Tensor):
        """One training-mode forward; returns its output (a tuple when
        there are several)."""
        return _outputs(self._forward(inputs))

    def train(self, batches: Iterable[Sequence[torch.Tensor]]) -> None:
        """Training-mode forwards over `batches`."""
        count = 0
        for count, batch in enumerate(batches, start=1):
            if self.num_inputs is not None:
                batch = _sample_tensors(batch, count, self.num_inputs, "training batch")
            elif isinstance(batch, torch.Tensor):
                batch = (batch,)
            self._forward(batch)
        if count == 0:
            raise ValueError("no batches")

    @property
    def stats_path(self) -> Optional[Path]:
        """The training state so far as a statistics file (quant-run
        --stats-out's format), written when asked; None before the first
        forward."""
        if self._model is None or self._forwards == 0:
            return None
        self._stats_written += 1
        path = self.workdir / f"state_{self._stats_written}.json"
        return self._model.write_stats(path, self._forwards)

    def convert(self, num_threads: int = 1, lowering: str = "auto") -> "QuantizedModel":
        """convert_pt2e after training: batch norms folded into their convs
        with the trained statistics, fake quantizes become Q/DQ; the model
        runs on `lowering` (see QuantizedModel.lowering)."""
        _check_lowering(lowering)
        _check_num_threads(num_threads)
        stats = self.stats_path
        if stats is None:
            raise ValueError("run the prepared model at least once before convert")
        converted = self.workdir / "converted.mlirbc"
        _tool("quant-opt", [self.mlir_path,
                            f"--quant-pt2e-qat-fold-conv-bn=stats={stats}",
                            f"--quant-pt2e-convert=stats={stats}",
                            "--emit-bytecode", "-o", converted])
        model = QuantizedModel(converted, self.workdir, num_threads, stats, lowering)
        _announce(model)
        return model


def prepare_qat(model: torch.nn.Module, example_inputs: Sequence[torch.Tensor],
                quantizer: Union[str, Quantizer] = "xnnpack", per_channel: bool = True,
                module_names: Optional[Dict[str, str]] = None,
                module_types: Optional[Dict[str, str]] = None,
                backend: Optional[str] = "qnnpack",
                workdir: Optional[Path] = None) -> QATModel:
    """prepare_qat_pt2e with the compiler: the model is imported in training
    mode, annotated with the quantizer's QAT config
    (get_symmetric_quantization_config(is_qat=True)), conv -> batch norm
    rewritten by quant-pt2e-qat-conv-bn, then fake quantizes inserted.
    `quantizer` is the built-in "xnnpack" or a quant_pt2e.quantizer.Quantizer
    that annotates the traced graph itself (as a PT2E quantizer);
    `per_channel`, `module_names` and `module_types` configure the built-in
    quantizer only."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="quant_pt2e_qat_")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    model = model.train()
    # Dropout stays in eval mode (identity): without a backward pass it only
    # adds noise, and its random masks cannot match PyTorch's.
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.eval()
    import_model(model, example_inputs,
                 quantizer=_user_quantizer(quantizer)).write(workdir / "model.mlir")
    prepared = workdir / "prepared.mlirbc"
    # Parsed from the work directory: the ops' locations ("model.mlir":l:c)
    # do not depend on it, so the same model compiles to the same library.
    _tool("quant-opt", ["model.mlir"] +
          _annotate_options(quantizer, per_channel, False, True, module_names,
                            module_types) +
          ([f"--quant-pt2e-check-backend=backend={backend}"] if backend else []) +
          ["--quant-pt2e-qat-conv-bn", "--quant-pt2e-prepare", "--emit-bytecode", "-o",
           prepared], cwd=workdir)
    return QATModel(prepared, workdir, num_inputs=len(example_inputs))


def quantize(model: torch.nn.Module, example_inputs: Sequence[torch.Tensor],
             calibration_data: Optional[Iterable[Sequence[torch.Tensor]]],
             quantizer: Union[str, Quantizer] = "xnnpack", per_channel: bool = False,
             dynamic: bool = False,
             module_names: Optional[Dict[str, str]] = None,
             module_types: Optional[Dict[str, str]] = None,
             backend: Optional[str] = "qnnpack",
             workdir: Optional[Path] = None, num_threads: int = 1,
             quantized_submodules: Optional[Dict[str, "QuantizedModel"]] = None,
             lowering: str = "auto") -> QuantizedModel:
    """Post-training quantization of `model` with the compiler.

    `calibration_data` yields tuples of input tensors (it may be None for
    `dynamic` quantization, whose activation qparams are chosen at run
    time: get_symmetric_quantization_config(is_dynamic=True)); `module_names` /
    `module_types` map a module name or type to a config (global,
    per-channel, per-tensor, none), as the quantizer's set_module_name /
    set_module_type. The annotation is checked against the `backend` config
    (qnnpack, executorch, onednn; None skips the check): a violation raises
    CompilerError naming the op.

    `quantizer` is the built-in "xnnpack" or a quant_pt2e.quantizer.Quantizer
    that annotates the traced graph itself (it sees batch norms unfolded:
    annotate the convolutions; the fold keeps their annotations);
    `per_channel`, `dynamic`, `module_names` and `module_types` configure
    the built-in quantizer only.

    `quantized_submodules` maps submodule names to models quantized on their
    own (e.g. QATModel.convert() of a QAT-prepared submodule, traced with
    the input shape it sees in `model`): they keep their trained
    quantization and the rest of the model is quantized around them
    (prepare_qat_pt2e of parts, then prepare_pt2e of the whole, as the
    seed's TestQuantizeMixQATAndPTQ).

    The returned model runs on `lowering`: "auto" (the default) is the
    fastest lowering that stays within one output step of the reference on
    the host's ISA; "reference" is PyTorch's reference arithmetic exactly.
    """
    _check_lowering(lowering)
    _check_num_threads(num_threads)
    workdir = Path(workdir or tempfile.mkdtemp(prefix="quant_pt2e_")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    submodules = dict(quantized_submodules or {})
    import_model(model, example_inputs, quantized_submodules=submodules,
                 quantizer=_user_quantizer(quantizer)).write(workdir / "model.mlir")
    link = []
    if submodules:
        for name, sub in submodules.items():
            if any(c in f"{name}={sub.mlir_path}" for c in " ,{}\"'"):
                raise ValueError(f"quantized submodule '{name}' ({sub.mlir_path}): names and "
                                 "paths with spaces, commas, braces or quotes cannot be "
                                 "passed to quant-pt2e-link-submodules")
        entries = " ".join(f"submodule={name}={sub.mlir_path}"
                           for name, sub in submodules.items())
        link = [f"--quant-pt2e-link-submodules={entries}"]

    prepared = workdir / "prepared.mlirbc"
    # prepare_pt2e folds conv-bn before the quantizer annotates; the backend
    # config decides what else (oneDNN's folds linear-bn too).
    fold = "--quant-pt2e-fold-conv-bn" + (f"=backend={backend}" if backend else "")
    # Parsed from the work directory: the ops' locations ("model.mlir":l:c)
    # do not depend on it, so the same model compiles to the same library.
    _tool("quant-opt", ["model.mlir"] + link + [fold] +
          _annotate_options(quantizer, per_channel, dynamic, False, module_names,
                            module_types) +
          ([f"--quant-pt2e-check-backend=backend={backend}"] if backend else []) +
          ["--quant-pt2e-prepare", "--emit-bytecode", "-o", prepared], cwd=workdir)

    samples = workdir / "calibration"
    count = 0
    for count, sample in enumerate(calibration_data or [], start=1):
        sample = _sample_tensors(sample, count, len(example_inputs), "calibration sample")
        _save_inputs(samples / f"sample_{count:06d}", sample)
    stats = None
    if count > 0:
        stats = workdir / "calibration.json"
        _tool("quant-run", [prepared, "--calibrate-dir", samples, "--stats-out", stats])
    elif not dynamic:
        raise ValueError("calibration_data is empty")

    converted = workdir / "converted.mlirbc"
    convert = "--quant-pt2e-convert" + (f"=stats={stats}" if stats else "")
    _tool("quant-opt", [prepared, convert, "--emit-bytecode", "-o", converted])
    model = QuantizedModel(converted, workdir, num_threads, stats, lowering)
    _announce(model)
    return model


def _announce(model: QuantizedModel) -> None:
    """Says on stderr which ISA and backend a new model runs on."""
    print(f"quant-pt2e: {model.describe()}", file=sys.stderr)
