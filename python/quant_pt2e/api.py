"""quantize(): the PT2E flow through the compiler's tools.

import -> quant-pt2e-fold-conv-bn -> quant-pt2e-annotate ->
quant-pt2e-prepare -> calibration in
quant-run (the runtime's observers) -> quant-pt2e-convert. Returns the
converted MLIR and a handle that runs it with quant-run.
"""

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
import torch

from .importer import import_model
from .paths import tool_path


class CompilerError(RuntimeError):
    """A compiler tool failed; the message carries its diagnostics."""


def _tool(name: str, args: Sequence, timeout: int = 1800) -> str:
    result = subprocess.run([str(tool_path(name))] + [str(a) for a in args],
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise CompilerError(f"{name} failed:\n{result.stderr.strip()}")
    return result.stdout


def _save_inputs(directory: Path, tensors: Sequence[torch.Tensor]) -> List[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, tensor in enumerate(tensors):
        paths.append(directory / f"input_{i}.npy")
        np.save(paths[-1], tensor.detach().cpu().numpy())
    return paths


#: Lowering name -> quant-run pipeline (None: quant-run's default).
LOWERINGS = {"reference": None, "onednn": "quant-pt2e-onednn-to-llvm",
             "xnnpack": "quant-pt2e-xnnpack-to-llvm"}


@dataclass
class QuantizedModel:
    """A converted model: its MLIR file and a way to run it."""
    mlir_path: Path
    workdir: Path
    num_threads: int = 1
    stats_path: Optional[Path] = None
    #: "reference" (dq -> float op -> q loops) or "onednn" (fused int8 ops
    #: on oneDNN primitives, the rest as reference).
    lowering: str = "reference"
    _runs: int = field(default=0, repr=False)

    def with_lowering(self, lowering: str) -> "QuantizedModel":
        """The same converted model, run through another lowering."""
        if lowering not in LOWERINGS:
            raise ValueError(f"unknown lowering {lowering!r} (one of {sorted(LOWERINGS)})")
        return QuantizedModel(self.mlir_path, self.workdir, self.num_threads,
                              self.stats_path, lowering)

    @property
    def mlir(self) -> str:
        return self.mlir_path.read_text()

    def _args(self, inputs: Sequence[torch.Tensor]) -> List:
        self._runs += 1
        paths = _save_inputs(self.workdir / f"run_{self._runs}", inputs)
        args = [self.mlir_path, "--num-threads", self.num_threads]
        if LOWERINGS[self.lowering]:
            args += ["--pipeline", f"{LOWERINGS[self.lowering]}{{threads={self.num_threads}}}"]
        for path in paths:
            args += ["--input", path]
        return args

    def __call__(self, *inputs: torch.Tensor) -> torch.Tensor:
        """Runs the model; returns the first output as a tensor."""
        out = self.workdir / f"run_{self._runs + 1}" / "out"
        _tool("quant-run", self._args(inputs) + ["--output-dir", out])
        return torch.from_numpy(np.load(out / "output_0.npy"))

    def benchmark(self, *inputs: torch.Tensor, runs: int = 10, warmup: int = 3) -> float:
        """Median latency in milliseconds."""
        stdout = _tool("quant-run", self._args(inputs) +
                       ["--benchmark", runs, "--warmup", warmup])
        return float(re.search(r"median ([0-9.]+) ms", stdout).group(1))


def quantize(model: torch.nn.Module, example_inputs: Sequence[torch.Tensor],
             calibration_data: Optional[Iterable[Sequence[torch.Tensor]]],
             quantizer: str = "xnnpack", per_channel: bool = False,
             dynamic: bool = False,
             module_names: Optional[Dict[str, str]] = None,
             module_types: Optional[Dict[str, str]] = None,
             backend: Optional[str] = "qnnpack",
             workdir: Optional[Path] = None, num_threads: int = 1) -> QuantizedModel:
    """Post-training quantization of `model` with the compiler.

    `calibration_data` yields tuples of input tensors (it may be None for
    `dynamic` quantization, whose activation qparams are chosen at run
    time: get_symmetric_quantization_config(is_dynamic=True)); `module_names` /
    `module_types` map a module name or type to a config (global,
    per-channel, per-tensor, none), as the quantizer's set_module_name /
    set_module_type. The annotation is checked against the `backend` config
    (qnnpack, executorch, onednn; None skips the check): a violation raises
    CompilerError naming the op.
    """
    workdir = Path(workdir or tempfile.mkdtemp(prefix="quant_pt2e_"))
    workdir.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    (workdir / "model.mlir").write_text(import_model(model, example_inputs).mlir)

    options = [f"quantizer={quantizer}", f"per-channel={'true' if per_channel else 'false'}",
               f"dynamic={'true' if dynamic else 'false'}"]
    for name, config in (module_names or {}).items():
        options.append(f"module-name={name}={config}")
    for name, config in (module_types or {}).items():
        options.append(f"module-type={name}={config}")
    prepared = workdir / "prepared.mlir"
    # prepare_pt2e folds conv-bn before the quantizer annotates.
    _tool("quant-opt", [workdir / "model.mlir", "--quant-pt2e-fold-conv-bn",
                        f"--quant-pt2e-annotate={' '.join(options)}"] +
          ([f"--quant-pt2e-check-backend=backend={backend}"] if backend else []) +
          ["--quant-pt2e-prepare", "-o", prepared])

    samples = workdir / "calibration"
    count = 0
    for count, sample in enumerate(calibration_data or [], start=1):
        if isinstance(sample, torch.Tensor):
            sample = (sample,)
        _save_inputs(samples / f"sample_{count:06d}", sample)
    stats = None
    if count > 0:
        stats = workdir / "calibration.json"
        _tool("quant-run", [prepared, "--calibrate-dir", samples, "--stats-out", stats])
    elif not dynamic:
        raise ValueError("calibration_data is empty")

    converted = workdir / "converted.mlir"
    convert = "--quant-pt2e-convert" + (f"=stats={stats}" if stats else "")
    _tool("quant-opt", [prepared, convert, "-o", converted])
    return QuantizedModel(converted, workdir, num_threads, stats)
