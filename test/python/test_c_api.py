"""The C API (include/quant-pt2e-c) from Python, with no C++ toolchain.

Another compiler's Python bindings load libQuantPT2ECAPI.so and call it
with their own MlirContext / MlirDialectRegistry handles; ctypes stands in
for them here. The module that a quant-pt2e pass produces through the C API
must be the one quant-opt produces.
"""

import ctypes
import subprocess
from pathlib import Path

import pytest

from quant_pt2e.paths import library_path, tool_path

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "test" / "Integration" / "exec-residual.mlir"


class Handle(ctypes.Structure):
    """Every MLIR C API handle: struct { void *ptr; }."""
    _fields_ = [("ptr", ctypes.c_void_p)]


class StringRef(ctypes.Structure):
    _fields_ = [("data", ctypes.c_char_p), ("length", ctypes.c_size_t)]


class LogicalResult(ctypes.Structure):
    _fields_ = [("value", ctypes.c_int8)]


Callback = ctypes.CFUNCTYPE(None, StringRef, ctypes.c_void_p)


@pytest.fixture(scope="module")
def capi():
    lib = ctypes.CDLL(str(library_path("libQuantPT2ECAPI.so")))
    sig = {
        "mlirDialectRegistryCreate": ([], Handle),
        "mlirDialectRegistryDestroy": ([Handle], None),
        "mlirQuantPT2ERegisterAll": ([Handle], None),
        "mlirContextCreateWithRegistry": ([Handle, ctypes.c_bool], Handle),
        "mlirContextDestroy": ([Handle], None),
        "mlirGetDialectHandle__quant_pt2e__": ([], Handle),
        "mlirDialectHandleGetNamespace": ([Handle], StringRef),
        "mlirModuleCreateParse": ([Handle, StringRef], Handle),
        "mlirModuleGetOperation": ([Handle], Handle),
        "mlirModuleDestroy": ([Handle], None),
        "mlirPassManagerCreate": ([Handle], Handle),
        "mlirPassManagerDestroy": ([Handle], None),
        "mlirPassManagerGetAsOpPassManager": ([Handle], Handle),
        "mlirParsePassPipeline": ([Handle, StringRef, Callback, ctypes.c_void_p],
                                  LogicalResult),
        "mlirPassManagerRunOnOp": ([Handle, Handle], LogicalResult),
        "mlirOperationPrint": ([Handle, Callback, ctypes.c_void_p], None),
    }
    for name, (args, res) in sig.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, res
    return lib


def sref(text: bytes) -> StringRef:
    return StringRef(text, len(text))


def collect():
    chunks = []
    cb = Callback(lambda s, _: chunks.append(ctypes.string_at(s.data, s.length)))
    return chunks, cb


def run_pipeline(capi, model: bytes, pipeline: str):
    """(parsed, pipeline accepted, ran, printed module, pipeline errors)."""
    registry = capi.mlirDialectRegistryCreate()
    capi.mlirQuantPT2ERegisterAll(registry)
    ctx = capi.mlirContextCreateWithRegistry(registry, False)
    capi.mlirDialectRegistryDestroy(registry)
    try:
        module = capi.mlirModuleCreateParse(ctx, sref(model))
        if not module.ptr:
            return False, False, False, "", ""
        pm = capi.mlirPassManagerCreate(ctx)
        errors, on_error = collect()
        accepted = capi.mlirParsePassPipeline(
            capi.mlirPassManagerGetAsOpPassManager(pm), sref(pipeline.encode()),
            on_error, None).value != 0
        ran = accepted and capi.mlirPassManagerRunOnOp(
            pm, capi.mlirModuleGetOperation(module)).value != 0
        capi.mlirPassManagerDestroy(pm)
        chunks, on_text = collect()
        capi.mlirOperationPrint(capi.mlirModuleGetOperation(module), on_text, None)
        capi.mlirModuleDestroy(module)
        return True, accepted, ran, b"".join(chunks).decode(), \
            b"".join(errors).decode()
    finally:
        capi.mlirContextDestroy(ctx)


def test_dialect_handle(capi):
    name = capi.mlirDialectHandleGetNamespace(capi.mlirGetDialectHandle__quant_pt2e__())
    assert ctypes.string_at(name.data, name.length) == b"quant_pt2e"


@pytest.mark.parametrize("backend", ["onednn", "xnnpack", "vector"])
def test_pass_through_c_api_matches_quant_opt(capi, backend):
    pipeline = f"builtin.module(func.func(quant-pt2e-fuse-qdq{{backend={backend}}}))"
    parsed, accepted, ran, printed, _ = run_pipeline(capi, MODEL.read_bytes(), pipeline)
    assert parsed and accepted and ran
    expected = subprocess.run([str(tool_path("quant-opt")), str(MODEL),
                               f"--pass-pipeline={pipeline}"],
                              capture_output=True, text=True, check=True).stdout
    assert printed.strip() == expected.strip()
    assert "quant_pt2e.qconv2d" in printed  # the pass did fuse


def test_named_pipeline_through_c_api(capi):
    _, accepted, ran, printed, _ = run_pipeline(
        capi, MODEL.read_bytes(), "builtin.module(quant-pt2e-vector-to-llvm)")
    assert accepted and ran
    assert "llvm.func @forward(" in printed and "quant_pt2e." not in printed


def test_bad_input_through_c_api(capi):
    parsed, *_ = run_pipeline(capi, b"func.func @f() { quant_pt2e.nope }",
                              "builtin.module()")
    assert not parsed
    parsed, accepted, ran, _, errors = run_pipeline(
        capi, MODEL.read_bytes(), "builtin.module(quant-pt2e-no-such-pass)")
    assert parsed and not accepted and not ran
    assert "'quant-pt2e-no-such-pass' does not refer to a registered pass" in errors
