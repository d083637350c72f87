"""quant-pt2e: PyTorch PT2E quantization in MLIR.

The Python package talks to the compiler through its tools (quant-opt,
quant-run, quant-compile) and to the runtime library through ctypes (see
runtime.py; compiled.py runs compiled models in process).
"""

from .paths import build_dir, tool_path  # noqa: F401


def quantize(*args, **kwargs):
    """See quant_pt2e.api.quantize."""
    from .api import quantize as _quantize
    return _quantize(*args, **kwargs)


def prepare_qat(*args, **kwargs):
    """See quant_pt2e.api.prepare_qat."""
    from .api import prepare_qat as _prepare_qat
    return _prepare_qat(*args, **kwargs)
