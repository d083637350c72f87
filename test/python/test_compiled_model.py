"""Compile once, run many: quant-compile's model libraries, the C API
(include/quant-pt2e/Runtime/Model.h) and the in-process Python model.

- qm(x) runs in process on the library and gives exactly quant-run's
  outputs (JIT, separate process) on every lowering the host runs;
- a second quantize() of the same model and data reuses the compiled
  library (no compile);
- the example C program (examples/run-model) creates two instances of a
  library and runs them at the same time from two threads: identical
  outputs, equal to Python's; two Python threads do the same;
- bad input through the C API (ctypes, as any C caller): wrong count, dtype,
  shape, null pointers, thread counts, files that are not model libraries,
  a library compiled for an ISA the host lacks: an error code and a
  message, never a crash;
- the per-call overhead of qm(x) next to quant-run's benchmark (printed,
  never asserted: tests do not fail on time).
"""

import ctypes
import os
import subprocess
import sys
import threading

import numpy as np
import pytest
import torch

from quant_pt2e import compiled, quantize, tool_path
from quant_pt2e.api import target_info
from quant_pt2e.compiled import CompiledModel, ModelError, _Tensor, _lib

from parity_checks import assert_not_degenerate
from test_ptq_parity import SmallNet


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """SmallNet quantized per channel, its input and calibration data."""
    torch.manual_seed(0)
    model = SmallNet().eval()
    x = torch.randn(1, 3, 8, 8)
    data = [(torch.randn(1, 3, 8, 8),) for _ in range(4)]
    qm = quantize(model, (x,), data, per_channel=True, lowering="reference",
                  workdir=tmp_path_factory.mktemp("small"))
    return model, x, data, qm


def _lowerings():
    exact = target_info()["onednn exact"] == "yes"
    return ["reference", "xnnpack", "vector"] + (["onednn"] if exact else [])


@pytest.mark.parametrize("lowering", ["reference", "onednn", "xnnpack", "vector"])
def test_in_process_equals_quant_run(small, lowering):
    if lowering not in _lowerings():
        pytest.skip("oneDNN is not exact on this host's ISA (docs/Target.md)")
    _, x, _, qm = small
    model = qm.with_lowering(lowering)
    ours = model(x)
    # The output is dequantized from int8 per tensor: at least 4 levels.
    assert_not_degenerate(ours.numpy(), model.compiled().outputs[0].qparams[0])
    np.testing.assert_array_equal(ours.numpy(), model.quant_run(x).numpy())
    # Compiled once: more calls reuse the instance.
    instance = model.compiled()
    np.testing.assert_array_equal(model(x).numpy(), ours.numpy())
    assert model.compiled() is instance
    assert lowering in instance.description


def test_second_quantize_does_not_recompile(small, tmp_path):
    model, x, data, qm = small
    library = qm.compiled().library
    before = compiled.compile_count
    again = quantize(model, (x,), data, per_channel=True, lowering="reference",
                     workdir=tmp_path)
    assert again.compiled().library == library
    assert compiled.compile_count == before
    np.testing.assert_array_equal(again(x).numpy(), qm(x).numpy())
    # Another lowering is another library.
    other = qm.with_lowering("xnnpack")
    assert other.compiled().library != library


def test_tensor_info(small):
    _, x, _, qm = small
    model = qm.compiled()
    assert [i.shape for i in model.inputs] == [tuple(x.shape)]
    assert [i.dtype for i in model.inputs] == [np.dtype(np.float32)]
    # The converted model quantizes its float input per tensor right away.
    scale, zero_point, qmin, qmax = model.inputs[0].qparams
    assert scale > 0 and (qmin, qmax) == (-128, 127) and qmin <= zero_point <= qmax


def _raw_input(x, tmp_path):
    path = tmp_path / "x.bin"
    x.numpy().astype(np.float32).tofile(path)
    return path


def test_example_program_two_instances_concurrently(small, tmp_path):
    _, x, _, qm = small
    for lowering in _lowerings():
        model = qm.with_lowering(lowering)
        library = model.compiled().library
        out = tmp_path / f"{lowering}.bin"
        result = subprocess.run(
            [str(tool_path("run-model")), str(library), "--input", str(_raw_input(x, tmp_path)),
             "--output", str(out), "--instances", "2", "--runs", "25", "--threads", "1"],
            capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "2 instance(s) x 25 run(s)" in result.stdout and "outputs identical" in result.stdout
        assert "input 0: float32 [1, 3, 8, 8], quantized as int8" in result.stdout
        want = model(x).numpy()
        np.testing.assert_array_equal(np.fromfile(out, np.float32).reshape(want.shape), want)


def test_python_threads_run_instances_concurrently(small):
    _, x, _, qm = small
    library = qm.with_lowering("vector").compiled().library
    models = [CompiledModel(library) for _ in range(2)]
    inputs = [torch.randn(1, 3, 8, 8).numpy() for _ in range(6)]
    want = [models[0].run(i)[0] for i in inputs]
    got = [[None] * len(inputs) for _ in models]
    errors = []

    def work(k):
        try:
            for _ in range(10):
                for j, i in enumerate(inputs):
                    got[k][j] = models[k].run(i)[0]
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in range(2):
        for j in range(len(inputs)):
            np.testing.assert_array_equal(got[k][j], want[j])


def _status(call):
    status = call()
    return status, _lib().qpt2e_last_error().decode()


def _tensor(array, dtype=None, shape=None):
    shape = array.shape if shape is None else shape
    dims = (ctypes.c_int64 * max(len(shape), 1))(*shape)
    code = compiled._DTYPES.index(array.dtype.type) if dtype is None else dtype
    return _Tensor(array.ctypes.data, code, len(shape), dims), dims


def test_c_api_bad_input(small):
    _, x, _, qm = small
    model = qm.compiled()
    h = model._handle
    lib = _lib()
    x = np.ascontiguousarray(x.numpy())
    out = np.empty(model.outputs[0].shape, np.float32)
    o, odims = _tensor(out)

    def run(tensor, n_in=1, n_out=1, threads=1, outputs=None):
        ins = (_Tensor * 1)(tensor)
        outs = (_Tensor * 1)(o) if outputs is None else outputs
        return _status(lambda: lib.qpt2e_model_run(h, ins, n_in, outs, n_out, threads))

    good, gdims = _tensor(x)
    assert run(good) == (0, "")
    wrong_shape, d1 = _tensor(x, shape=(1, 3, 8, 9))
    assert run(wrong_shape) == (1, "input 0 has shape [1, 3, 8, 9] but the model's is "
                                   "[1, 3, 8, 8]")
    wrong_dtype, d2 = _tensor(x, dtype=5)
    assert run(wrong_dtype) == (1, "input 0 has dtype int64 but the model's is float32")
    assert run(good, n_in=2)[0] == 1
    assert "the model takes 1 inputs and gives 1 outputs, 2 and 1 given" in run(good, n_in=2)[1]
    null_data = _Tensor(None, 0, 4, gdims)
    assert run(null_data) == (1, "input 0 has no data")
    huge_rank = _Tensor(x.ctypes.data, 0, 1 << 30, gdims)
    assert run(huge_rank) == (1, "input 0 has shape (rank 1073741824) but the model's is "
                                 "[1, 3, 8, 8]")
    no_shape = _Tensor(x.ctypes.data, 0, 4, None)
    assert run(no_shape) == (1, "input 0 has shape (rank 4, no shape) but the model's is "
                                "[1, 3, 8, 8]")
    assert run(good, threads=0) == (1, "num_threads must be in [1, 1024], got 0")
    status, message = _status(lambda: lib.qpt2e_model_run(h, None, 1, None, 1, 1))
    assert (status, message) == (1, "inputs or outputs is NULL")
    status, message = _status(lambda: lib.qpt2e_model_run(None, None, 0, None, 0, 1))
    assert (status, message) == (1, "model is NULL")
    bad_out, _ = _tensor(out, shape=(1, 11))
    assert run(good, outputs=(_Tensor * 1)(bad_out))[0] == 1
    info = compiled._TensorInfo()
    assert _status(lambda: lib.qpt2e_model_input_info(h, 3, ctypes.byref(info)))[1] == \
        "input index 3 out of range (the model has 1)"
    # Still runs correctly after all of that.
    assert run(good) == (0, "")
    np.testing.assert_array_equal(out, qm(torch.from_numpy(x)).numpy())


def _create(path):
    handle = ctypes.c_void_p()
    return _status(lambda: _lib().qpt2e_model_create(str(path).encode(), ctypes.byref(handle)))


def test_c_api_bad_libraries(tmp_path):
    status, message = _create(tmp_path / "missing.so")
    assert status == 2 and "cannot load" in message and "missing.so" in message
    text = tmp_path / "text.so"
    text.write_text("not a library")
    status, message = _create(text)
    assert status == 2 and "cannot load" in message
    # A real shared library that is not a model.
    runtime = compiled.library_path("libQuantPT2ERuntime.so")
    status, message = _create(runtime)
    assert status == 2 and "is not a quant-pt2e model library" in message
    assert _status(lambda: _lib().qpt2e_model_create(None, None))[0] == 1
    with pytest.raises(ModelError, match="cannot load"):
        CompiledModel(tmp_path / "missing.so")


def test_library_for_another_isa_refuses_to_load(small, tmp_path):
    """A library compiled for AMX on a host without it (an AVX2 host, or this
    one restricted to AVX2 as oneDNN is): error 3 and a message naming both."""
    _, _, _, qm = small
    library = tmp_path / "amx.so"
    result = subprocess.run([str(tool_path("quant-compile")), str(qm.mlir_path), "-o",
                             str(library), "--lowering", "vector", "--target-isa", "amx"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    code = ("import ctypes, sys; sys.path.insert(0, sys.argv[2]);"
            "from quant_pt2e.compiled import _lib;"
            "h = ctypes.c_void_p();"
            "s = _lib().qpt2e_model_create(sys.argv[1].encode(), ctypes.byref(h));"
            "print(s); print(_lib().qpt2e_last_error().decode())")
    env = dict(os.environ, ONEDNN_MAX_CPU_ISA="AVX2")
    python_dir = str(compiled.Path(compiled.__file__).resolve().parents[1])
    result = subprocess.run([sys.executable, "-c", code, str(library), python_dir],
                            capture_output=True, text=True, env=env, timeout=300)
    status, message = result.stdout.splitlines()[:2]
    assert status == "3", result.stdout + result.stderr
    assert "was compiled for amx" in message and "is avx2" in message
    # quant-run says the same, with exit status 1.
    result = subprocess.run([str(tool_path("quant-run")), str(library)], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 1 and "was compiled for amx" in result.stderr


def test_observers_compile_for_one_thread(tmp_path):
    """A QAT or calibration module looks its observers up on the calling
    thread: quant-compile refuses to split it over threads."""
    from quant_pt2e import prepare_qat
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4))
    qat = prepare_qat(model, (torch.randn(1, 3, 8, 8),), workdir=tmp_path)
    result = subprocess.run([str(tool_path("quant-compile")), str(qat.mlir_path), "-o",
                             str(tmp_path / "qat.so"), "--num-threads", "2"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "has observers or fake quantizes (calibration / QAT): compile it with " \
        "--num-threads 1" in result.stderr
    # One thread is fine, and its training forward runs in process.
    assert qat(torch.randn(1, 3, 8, 8)).shape == (1, 4, 6, 6)


def test_header_is_valid_c(small, tmp_path):
    _, x, _, qm = small
    header = tmp_path / "small.h"
    result = subprocess.run([str(tool_path("quant-compile")), str(qm.mlir_path), "-o",
                             str(tmp_path / "small.so"), "--header", str(header)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    text = header.read_text()
    assert "#define SMALL_INPUT_0_SHAPE {1, 3, 8, 8}" in text
    source = tmp_path / "use.c"
    source.write_text('#include "small.h"\n'
                      "int main(void) { long long s[] = SMALL_INPUT_0_SHAPE;\n"
                      "  return SMALL_NUM_INPUTS == 1 && SMALL_INPUT_0_DTYPE == QPT2E_F32 &&\n"
                      "         s[3] == 8 && SMALL_INPUT_0_NUM_ELEMENTS == 192 ? 0 : 1; }\n")
    include = compiled.Path(__file__).resolve().parents[2] / "include"
    exe = tmp_path / "use"
    # The system compiler and the program run without what this process may
    # be preloaded with (the sanitizer run's runtime).
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    result = subprocess.run(["clang-22", "-Wall", "-Werror", "-I", str(include), "-I",
                             str(tmp_path), str(source), "-o", str(exe)],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert subprocess.run([str(exe)], env=env).returncode == 0


def test_header_of_a_scalar_output_is_valid_c(tmp_path):
    """A rank-0 output: C has no empty initializer before C23, so its
    _SHAPE is a one-element placeholder and _RANK says 0; the header
    compiles as pedantic C99, and the library's scalar is the input's
    first element."""
    module = tmp_path / "scalar.mlir"
    module.write_text(
        "func.func @forward(%x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {\n"
        "  %c0 = arith.constant 0 : index\n"
        "  %e = tensor.extract %x[%c0] : tensor<4xf32>\n"
        "  %s = tensor.from_elements %e : tensor<f32>\n"
        "  return %s, %x : tensor<f32>, tensor<4xf32>\n}\n")
    header, library = tmp_path / "scalar.h", tmp_path / "scalar.so"
    result = subprocess.run([str(tool_path("quant-compile")), str(module), "-o", str(library),
                             "--header", str(header)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    text = header.read_text()
    assert "#define SCALAR_OUTPUT_0_RANK 0\n" in text
    assert "#define SCALAR_OUTPUT_0_NUM_ELEMENTS 1\n" in text
    assert "#define SCALAR_OUTPUT_1_SHAPE {4}\n" in text
    source = tmp_path / "use.c"
    source.write_text('#include "scalar.h"\n'
                      "int main(void) { long long s0[] = SCALAR_OUTPUT_0_SHAPE;\n"
                      "  long long s1[] = SCALAR_OUTPUT_1_SHAPE;\n"
                      "  return SCALAR_OUTPUT_0_RANK == 0 && s1[0] == 4 &&\n"
                      "         sizeof s0 / sizeof s0[0] == 1 ? 0 : 1; }\n")
    include = compiled.Path(__file__).resolve().parents[2] / "include"
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    exe = tmp_path / "use"
    result = subprocess.run(["clang-22", "-std=c99", "-pedantic", "-Wall", "-Werror", "-I",
                             str(include), "-I", str(tmp_path), str(source), "-o", str(exe)],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert subprocess.run([str(exe)], env=env).returncode == 0
    x = np.array([2.5, -1.0, 3.0, 4.0], dtype=np.float32)
    np.save(tmp_path / "x.npy", x)
    result = subprocess.run([str(tool_path("quant-run")), str(library), "--input",
                             str(tmp_path / "x.npy"), "--output-dir", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    scalar = np.load(tmp_path / "out" / "output_0.npy")
    assert scalar.shape == () and scalar == np.float32(2.5)


def test_call_overhead_printed(small):
    """qm(x) against quant-run's own benchmark of the same model (the kernels
    alone); the difference is the per-call cost of the in-process path."""
    _, x, _, qm = small
    model = qm.with_lowering("vector")
    ours = model.benchmark(x, runs=200, warmup=20)
    theirs = model.quant_run_benchmark(x, runs=200, warmup=20)
    print(f"\nSmallNet vector ({target_info()['cpu']}): qm(x) median {ours * 1e3:.1f} us, "
          f"quant-run {theirs * 1e3:.1f} us, overhead {(ours - theirs) * 1e3:.1f} us")
    assert ours > 0 and theirs > 0
