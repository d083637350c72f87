# -*- Python -*-
# lit configuration of the quant-pt2e test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QUANT_PT2E"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quant_pt2e_obj_root, "test")
# pytest files live under test/python and are run by pytest, not lit;
# Inputs/ holds files that tests read.
config.excludes = ["python", "Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%quant_pt2e_lib_dir", config.quant_pt2e_lib_dir))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.quant_pt2e_tools_dir, config.llvm_tools_dir]
tools = ["quant-opt", "quant-run", "quant-compile", "quant-pt2e-capi-test"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The host's ISA as the compiler sees it (docs/Target.md): oneDNN's int8
# kernels are exact only with AVX-512 VNNI or AMX, so the executable tests
# assert the one-step bound for oneDNN where it holds ("onednn-exact") and
# exercise oneDNN's non-VNNI path everywhere through ONEDNN_MAX_CPU_ISA=AVX2.
import subprocess

# A run restricted to another ISA (ONEDNN_MAX_CPU_ISA=AVX2 lit ...: the
# whole suite as an AVX2-only host sees it) passes the restriction to the
# tests and to the probe below.
for _var in ("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"):
    if _var in os.environ:
        config.environment[_var] = os.environ[_var]
_probe_env = {"PATH": config.environment["PATH"]}
_probe_env.update({k: v for k, v in config.environment.items()
                   if k in ("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA")})
_target = subprocess.run(
    [os.path.join(config.quant_pt2e_tools_dir, "quant-run"), "--print-target"],
    capture_output=True, text=True, env=_probe_env)
_fields = dict(line.split(": ", 1) for line in _target.stdout.splitlines()
               if ": " in line)
config.available_features.add("target-" + _fields.get("target", "unknown"))
# Each extension the host runs ("host-avxvnni", ...): kernels for a named
# target run wherever the host has its extensions.
for _extension in _fields.get("extensions", "").split():
    config.available_features.add("host-" + _extension)
if _fields.get("onednn exact") == "yes":
    config.available_features.add("onednn-exact")
lit_config.note("target ISA: %s (%s), oneDNN exact: %s" % (
    _fields.get("target"), _fields.get("cpu"), _fields.get("onednn exact")))
