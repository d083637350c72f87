"""Compiled model libraries, run in process.

`compile_library` runs quant-compile once per (module, lowering, target,
threads) and keeps the shared library in a cache keyed by a hash of all of
them; `CompiledModel` loads one through the C API of
include/quant-pt2e/Runtime/Model.h (ctypes) and runs it on numpy buffers:
inputs are read in place when they are C-contiguous and of the model's
dtype, outputs are written into fresh numpy arrays.
"""

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from .paths import library_path, tool_path

_MAX_RANK = 8
_DTYPES = [np.float32, np.float64, np.int8, np.uint8, np.int32, np.int64]


class CompilerError(RuntimeError):
    """A compiler tool failed; the message carries its diagnostics."""


class ModelError(CompilerError):
    """The C API refused a call (a bad input, a runtime error); the message
    is the runtime's."""


class _TensorInfo(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int), ("rank", ctypes.c_int32),
                ("shape", ctypes.c_int64 * _MAX_RANK), ("quantized", ctypes.c_int32),
                ("quant_dtype", ctypes.c_int), ("scale", ctypes.c_float),
                ("zero_point", ctypes.c_int64), ("quant_min", ctypes.c_int64),
                ("quant_max", ctypes.c_int64)]


class _Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int),
                ("rank", ctypes.c_int32), ("shape", ctypes.POINTER(ctypes.c_int64))]


@lru_cache(maxsize=None)
def _lib():
    lib = ctypes.CDLL(str(library_path("libQuantPT2ERuntime.so")))
    p = ctypes.c_void_p
    lib.qpt2e_model_create.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
    lib.qpt2e_model_create.restype = ctypes.c_int
    lib.qpt2e_model_destroy.argtypes = [p]
    lib.qpt2e_model_destroy.restype = None
    for name in ("qpt2e_model_num_inputs", "qpt2e_model_num_outputs"):
        getattr(lib, name).argtypes = [p]
        getattr(lib, name).restype = ctypes.c_int32
    for name in ("qpt2e_model_input_info", "qpt2e_model_output_info"):
        getattr(lib, name).argtypes = [p, ctypes.c_int32, ctypes.POINTER(_TensorInfo)]
        getattr(lib, name).restype = ctypes.c_int
    lib.qpt2e_model_describe.argtypes = [p]
    lib.qpt2e_model_describe.restype = ctypes.c_char_p
    lib.qpt2e_model_run.argtypes = [p, ctypes.POINTER(_Tensor), ctypes.c_int32,
                                    ctypes.POINTER(_Tensor), ctypes.c_int32, ctypes.c_int32]
    lib.qpt2e_model_run.restype = ctypes.c_int
    lib.qpt2e_model_write_stats.argtypes = [p, ctypes.c_char_p, ctypes.c_int64]
    lib.qpt2e_model_write_stats.restype = ctypes.c_int
    lib.qpt2e_model_reset_observers.argtypes = [p]
    lib.qpt2e_model_reset_observers.restype = ctypes.c_int
    lib.qpt2e_last_error.argtypes = []
    lib.qpt2e_last_error.restype = ctypes.c_char_p
    return lib


def _check(status: int) -> None:
    if status != 0:
        raise ModelError(_lib().qpt2e_last_error().decode())


class TensorInfo:
    """An input or output: dtype, shape and, when the model quantizes it per
    tensor at its border, (scale, zero_point, quant_min, quant_max)."""

    def __init__(self, info: _TensorInfo):
        self.dtype = np.dtype(_DTYPES[info.dtype])
        self.shape = tuple(info.shape[d] for d in range(info.rank))
        self.qparams = ((float(info.scale), int(info.zero_point), int(info.quant_min),
                         int(info.quant_max)) if info.quantized else None)

    def __repr__(self):
        return f"TensorInfo({self.dtype}, {self.shape}, qparams={self.qparams})"


class CompiledModel:
    """An instance of a model library: created once (weights packed,
    primitives created), run many times."""

    def __init__(self, library: Path):
        handle = ctypes.c_void_p()
        _check(_lib().qpt2e_model_create(str(library).encode(), ctypes.byref(handle)))
        self._handle = handle
        self.library = Path(library)
        self.inputs = self._infos(_lib().qpt2e_model_num_inputs(handle),
                                  _lib().qpt2e_model_input_info)
        self.outputs = self._infos(_lib().qpt2e_model_num_outputs(handle),
                                   _lib().qpt2e_model_output_info)
        self.description = _lib().qpt2e_model_describe(handle).decode()
        # The output descriptors' shapes, kept alive with the model.
        self._out_shapes = [(ctypes.c_int64 * max(len(o.shape), 1))(*o.shape)
                            for o in self.outputs]

    def _infos(self, count, query) -> List[TensorInfo]:
        infos = []
        for i in range(count):
            info = _TensorInfo()
            _check(query(self._handle, i, ctypes.byref(info)))
            infos.append(TensorInfo(info))
        return infos

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            _lib().qpt2e_model_destroy(handle)
            self._handle = None

    def run(self, *arrays, num_threads: int = 1) -> Tuple[np.ndarray, ...]:
        """Runs on numpy arrays (or anything np.asarray takes, e.g. CPU
        tensors) of the model's dtypes and shapes (ModelError otherwise);
        returns the outputs as new arrays."""
        ins = (_Tensor * max(len(arrays), 1))()
        keep = []
        for i, array in enumerate(arrays):
            # Dense native arrays are passed as they are (no copy); the C
            # API checks count, dtype and shape against the model's.
            array = np.asarray(array, order="C")
            if not array.dtype.isnative:
                array = array.astype(array.dtype.newbyteorder("="))
            if array.dtype.type not in _DTYPES:
                raise ModelError(f"input {i} has dtype {array.dtype}, which no model takes")
            shape = (ctypes.c_int64 * max(array.ndim, 1))(*array.shape)
            keep.append((array, shape))
            ins[i] = _Tensor(array.ctypes.data, _DTYPES.index(array.dtype.type), array.ndim,
                             shape)
        results = [np.empty(o.shape, o.dtype) for o in self.outputs]
        outs = (_Tensor * max(len(results), 1))()
        for i, (result, info) in enumerate(zip(results, self.outputs)):
            outs[i] = _Tensor(result.ctypes.data, _DTYPES.index(info.dtype.type),
                              len(info.shape), self._out_shapes[i])
        _check(_lib().qpt2e_model_run(self._handle, ins, len(arrays), outs, len(results),
                                      num_threads))
        del keep
        return tuple(results)

    def write_stats(self, path: Path, samples: int = 1) -> Path:
        """The observer statistics and training state as quant-run's
        --stats-out file."""
        _check(_lib().qpt2e_model_write_stats(self._handle, str(path).encode(), samples))
        return Path(path)

    def reset_observers(self) -> None:
        _check(_lib().qpt2e_model_reset_observers(self._handle))


def cache_dir() -> Path:
    """$QUANT_PT2E_CACHE_DIR, or ~/.cache/quant_pt2e."""
    return Path(os.environ.get("QUANT_PT2E_CACHE_DIR",
                               Path.home() / ".cache" / "quant_pt2e"))


def _tool_identity() -> str:
    parts = []
    for path in (tool_path("quant-compile"), library_path("libQuantPT2ERuntime.so")):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


#: Compiles done by this process (cache misses), for tests and benchmarks.
compile_count = 0


def compile_library(mlir_path: Path, lowering: str, target_isa: str, num_threads: int,
                    target: Dict[str, str]) -> Path:
    """The model library for `mlir_path`, compiled once: cached under
    cache_dir() by a hash of the module text, the options, the resolved
    target (`target`: quant-run --print-target's fields) and the compiler's
    build."""
    global compile_count
    key = hashlib.sha256()
    key.update(Path(mlir_path).read_bytes())
    key.update(repr((lowering, target_isa, num_threads, sorted(target.items()),
                     _tool_identity())).encode())
    digest = key.hexdigest()[:32]
    directory = cache_dir()
    library = directory / f"{digest}.so"
    if library.exists():
        return library
    directory.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f"{digest}.", suffix=".so.partial", dir=directory)
    os.close(fd)
    try:
        result = subprocess.run(
            [str(tool_path("quant-compile")), str(mlir_path), "-o", partial,
             "--lowering", lowering, "--target-isa", target_isa,
             "--num-threads", str(num_threads)],
            capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            raise CompilerError(f"quant-compile failed:\n{result.stderr.strip()}")
        os.replace(partial, library)  # atomic: concurrent compiles agree
        compile_count += 1
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return library


def load_private(library: Path, directory: Path) -> CompiledModel:
    """An instance of a copy of `library` made in `directory`: loaded from
    its own file, it has its own globals (a QAT model's training state), not
    the cached library's. The copy is removed once loaded."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, copy = tempfile.mkstemp(prefix="model_", suffix=".so", dir=directory)
    os.close(fd)
    try:
        shutil.copyfile(library, copy)
        return CompiledModel(Path(copy))
    finally:
        os.unlink(copy)
