"""The installed CMake package, as another MLIR compiler uses it.

`cmake --install` of the build into a fresh prefix; then, against that
prefix only:
  * examples/standalone-opt (its own CMake project: find_package(QuantPT2E),
    one registration call) is configured, built and runs a quant-pt2e pass
    and a named pipeline, with output identical to quant-opt's;
  * the installed quant-run / quant-compile lower and run a model, and the
    compiled library loads its runtime from the prefix;
  * a C client (test/CAPI/quant-pt2e-capi.c) compiles and links against the
    prefix's C API library and runs.
"""

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from quant_pt2e.paths import build_dir, tool_path

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "test" / "Integration" / "exec-residual.mlir"
FUSE_VECTOR = ("builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),"
               "convert-quant-pt2e-to-vector)")

# What the package must hold: every library of the export set, the headers
# with their ODS sources and generated .inc files, the tools.
LIBRARIES = [
    "libMLIRAtenDialect.a", "libQuantPT2ETosaModels.a", "libMLIRQuantPT2EDialect.a",
    "libMLIRQuantPT2EInterfaces.a", "libMLIRQuantPT2ETransforms.a",
    "libMLIRQuantPT2EX86Dialect.a", "libQuantPT2EAtenToLinalg.a",
    "libQuantPT2ECallSites.a", "libQuantPT2EConstantTensors.a",
    "libQuantPT2EInitAll.a", "libQuantPT2EMath.a", "libQuantPT2ENpy.a",
    "libQuantPT2EPipelines.a", "libQuantPT2EQuantToLinalg.a",
    "libQuantPT2EQuantToOneDNN.a", "libQuantPT2EQuantToVector.a",
    "libQuantPT2EQuantToXNNPACK.a", "libQuantPT2ETarget.a",
    "libQuantPT2ETransforms.a", "libQuantPT2ERuntime.so", "libQuantPT2ECAPI.so",
]
HEADERS = [
    "quant-pt2e/InitAll.h",
    "quant-pt2e/Pipelines/Pipelines.h",
    "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h",
    "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EOps.td",
    "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EOps.h.inc",
    "quant-pt2e/Dialect/Aten/IR/AtenOps.h.inc",
    "quant-pt2e/Interfaces/QuantizableOpInterface.td",
    "quant-pt2e/Interfaces/QuantizableOpInterface.h.inc",
    "quant-pt2e/Conversion/Passes.h.inc",
    "quant-pt2e/Runtime/Model.h",
    "quant-pt2e-c/Dialects.h",
    "quant-pt2e-c/Registration.h",
]
TOOLS = ["quant-opt", "quant-run", "quant-compile", "run-model"]


def run(cmd, **kwargs):
    result = subprocess.run([str(c) for c in cmd], capture_output=True,
                            text=True, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
        f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    root = tmp_path_factory.mktemp("package")
    prefix = root / "prefix"
    run(["cmake", "--install", build_dir(), "--prefix", prefix])
    return prefix


@pytest.fixture(scope="module")
def example(prefix, tmp_path_factory):
    """examples/standalone-opt, configured and built against `prefix` only."""
    out = tmp_path_factory.mktemp("standalone-opt")
    run(["cmake", "-G", "Ninja", "-S", REPO / "examples" / "standalone-opt",
         "-B", out, "-DCMAKE_BUILD_TYPE=Release",
         "-DCMAKE_CXX_COMPILER=clang++-22",
         f"-DQuantPT2E_DIR={prefix / 'lib' / 'cmake' / 'quant-pt2e'}"])
    run(["ninja", "-C", out, "-j", "2"])
    return out / "standalone-opt"


def runpath(binary):
    dynamic = run(["readelf", "-d", binary]).stdout
    return [line for line in dynamic.splitlines() if "RUNPATH" in line or "RPATH" in line]


def test_package_contents(prefix):
    cmake_dir = prefix / "lib" / "cmake" / "quant-pt2e"
    for name in ["QuantPT2EConfig.cmake", "QuantPT2ETargets.cmake"]:
        assert (cmake_dir / name).is_file(), name
    missing = [n for n in LIBRARIES if not (prefix / "lib" / n).is_file()]
    assert not missing, f"libraries not installed: {missing}"
    missing = [h for h in HEADERS if not (prefix / "include" / h).is_file()]
    assert not missing, f"headers not installed: {missing}"
    for tool in TOOLS:
        assert os.access(prefix / "bin" / tool, os.X_OK), tool
    # Relocatable: the package names neither the source nor the build tree.
    for f in cmake_dir.iterdir():
        text = f.read_text()
        assert str(REPO) not in text and str(build_dir()) not in text, f
    for tool in TOOLS:
        for line in runpath(prefix / "bin" / tool):
            assert str(build_dir()) not in line, (tool, line)


def test_example_runs_passes_and_pipelines(example):
    for line in runpath(example):
        assert str(build_dir()) not in line, line
    fused = run([example, MODEL, f"--pass-pipeline={FUSE_VECTOR}"]).stdout
    expected = run([tool_path("quant-opt"), MODEL,
                    f"--pass-pipeline={FUSE_VECTOR}"]).stdout
    assert fused == expected
    # The four residual convs became calls of the compiler's own kernels.
    for i in range(4):
        assert f"call @qpt2e_vec_conv_{i}(" in fused, i
    assert "quant_pt2e.qconv2d" not in fused
    lowered = run([example, MODEL, "--quant-pt2e-vector-to-llvm"]).stdout
    assert "llvm.func @forward(" in lowered and "llvm.func @qpt2e_vec_conv_3(" in lowered
    assert "quant_pt2e." not in lowered and "aten." not in lowered
    # Bad input: a clear diagnostic and a non-zero exit.
    bad = subprocess.run([str(example), "-"], input="func.func @f() { quant_pt2e.nope }",
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "error: custom op 'quant_pt2e.nope' is unknown" in bad.stderr, bad.stderr


def test_installed_tools_compile_and_run(prefix, tmp_path):
    ref, vec = tmp_path / "ref", tmp_path / "vec"
    run([prefix / "bin" / "quant-run", MODEL, "--output-dir", ref])
    run([tool_path("quant-run"), MODEL, "--output-dir", tmp_path / "built"])
    outputs = sorted(ref.glob("output_*.npy"))
    assert len(outputs) == 4
    for out in outputs:
        mine = np.load(out)
        assert len(np.unique(mine)) >= 10, out  # non-degenerate
        np.testing.assert_array_equal(mine, np.load(tmp_path / "built" / out.name))
    library = tmp_path / "model.so"
    run([prefix / "bin" / "quant-compile", MODEL, "-o", library, "--lowering", "vector"])
    runtime = [l for l in run(["ldd", library]).stdout.splitlines()
               if "libQuantPT2ERuntime" in l]
    assert runtime and str(prefix) in runtime[0], runtime
    compared = run([prefix / "bin" / "quant-run", library, "--compare", ref,
                    "--tolerance", "1", "--output-dir", vec]).stdout
    assert compared.count("max |difference| ") == 4, compared


def test_c_client_against_prefix(prefix, tmp_path):
    client = tmp_path / "capi-client"
    run(["clang-22", "-std=c11", "-Wall", "-Werror",
         "-I", prefix / "include", "-I", "/usr/lib/llvm-22/include",
         REPO / "test" / "CAPI" / "quant-pt2e-capi.c", "-o", client,
         "-L", prefix / "lib", "-lQuantPT2ECAPI", f"-Wl,-rpath,{prefix / 'lib'}"])
    out = run([client]).stdout
    assert "dialect quant_pt2e loaded: yes" in out
    fused = out.split("== fused")[1].split("== lowered")[0]
    assert "quant_pt2e.qconv2d" in fused and "aten.convolution" not in fused
    lowered = out.split("== lowered")[1].split("== bad model")[0]
    assert "llvm.func @qpt2e_vec_conv_0(" in lowered and "quant_pt2e." not in lowered
    assert "must be less than quant_max" in out
    assert "unknown pass accepted: no" in out
