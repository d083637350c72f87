"""The host's int8 MAC peak for the instruction sequence each of the vector
lowering's kernels uses, measured through the same JIT (quant-run):

* int16 pairs, the dot product of the avx2 / avx512 kernels (sign-extended
  int16 multiply, even/odd pair add: vpmaddwd + vpaddd, or vpdpwssd where
  the host has AVX-512 VNNI), in ymm (8 lanes) and zmm (16 lanes);
* u8 x s8 quads, vpdpbusd (qpt2e_x86.vpdpbusd) in ymm and zmm, the
  avxvnni / avx512vnni kernels, where the host has them;
* AMX int8 tiles (tdpbssd on 16x64 by 16x64 bytes into 16x16 int32), on
  hosts with amx_int8.

Each probe runs `--iters` steps of `accumulators` independent accumulator
chains (enough to cover the instruction latency) on operands from a small
L1-resident buffer, as the kernels do, and prints GMAC/s per thread. Figures
only, never a test; the CPU is named next to them. Give the figure to
bench/conv_layers.py --peak to get each layer's share of it.

Usage: python3 bench/peak_probe.py [--iters 2000000] [--runs 5]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cpu_label  # noqa: E402
from quant_pt2e.api import target_info  # noqa: E402
from quant_pt2e.paths import tool_path  # noqa: E402


def _sum_and_return(accumulators: int, lanes: int) -> list:
    """The chains summed into one vector and returned (so none is dead)."""
    acc_t = f"vector<{lanes}xi32>"
    lines, total = [], "%r#0"
    for k in range(1, accumulators):
        lines.append(f"  %t{k} = arith.addi {total}, %r#{k} : {acc_t}")
        total = f"%t{k}"
    return lines + [f"  %buf = memref.alloc() : memref<{lanes}xi32>",
                    f"  vector.store {total}, %buf[%c0] : memref<{lanes}xi32>, {acc_t}",
                    f"  %out = bufferization.to_tensor %buf restrict : memref<{lanes}xi32> "
                    f"to tensor<{lanes}xi32>",
                    f"  return %out : tensor<{lanes}xi32>", "}"]


def int16_pair_probe(lanes: int, accumulators: int, iters: int) -> str:
    """The avx2 / avx512 kernels' inner step: `accumulators` = pixels x 2
    channel blocks; per step two int16-pair weight panels are loaded and one
    32-bit activation pair per pixel is broadcast, then acc[t][j] +=
    a_t[2i] w_j[2i] + a_t[2i+1] w_j[2i+1] (vpmaddwd + vpaddd).

    Every operand is loaded inside the loop, as in the kernels: a weight
    vector sign-extended outside the loop would reach the multiply from
    another basic block, where LLVM no longer knows it fits 16 bits and
    selects vpmulld instead of vpmaddwd."""
    pairs = 2 * lanes
    blocks = 2
    pixels = accumulators // blocks
    even = ", ".join(str(2 * i) for i in range(lanes))
    odd = ", ".join(str(2 * i + 1) for i in range(lanes))
    acc_t, pair_t, wide_t = f"vector<{lanes}xi32>", f"vector<{pairs}xi16>", f"vector<{pairs}xi32>"
    row = 2 * pairs + 32  # bytes per row: a panel, plus room for the offsets
    lines = [f"func.func @forward(%src: tensor<64x{row}xi8>) -> tensor<{lanes}xi32> {{",
             f"  %m = bufferization.to_buffer %src read_only : tensor<64x{row}xi8> to memref<64x{row}xi8>",
             "  %c0 = arith.constant 0 : index", "  %c1 = arith.constant 1 : index",
             "  %c63 = arith.constant 63 : index", f"  %n = arith.constant {iters} : index",
             f"  %z = arith.constant dense<0> : {acc_t}"]
    for t in range(max(pixels, blocks)):
        lines.append(f"  %k{t} = arith.constant {4 * t} : index")
    accs = ", ".join(f"%a{k} = %z" for k in range(accumulators))
    types = ", ".join([acc_t] * accumulators)
    lines.append(f"  %r:{accumulators} = scf.for %i = %c0 to %n step %c1 iter_args({accs}) -> ({types}) {{")
    lines.append("    %j = arith.andi %i, %c63 : index")
    for j in range(blocks):
        lines += [f"    %wb{j} = vector.load %m[%j, %k{j}] : memref<64x{row}xi8>, vector<{2 * pairs}xi8>",
                  f"    %w{j} = vector.bitcast %wb{j} : vector<{2 * pairs}xi8> to {pair_t}",
                  f"    %ww{j} = arith.extsi %w{j} : {pair_t} to {wide_t}"]
    outs = []
    for t in range(pixels):
        lines += [f"    %g{t} = vector.load %m[%j, %k{t}] : memref<64x{row}xi8>, vector<4xi8>",
                  f"    %gw{t} = vector.bitcast %g{t} : vector<4xi8> to vector<1xi32>",
                  f"    %ge{t} = vector.extract %gw{t}[0] : i32 from vector<1xi32>",
                  f"    %gs{t} = vector.broadcast %ge{t} : i32 to {acc_t}",
                  f"    %x{t} = vector.bitcast %gs{t} : {acc_t} to {pair_t}",
                  f"    %xw{t} = arith.extsi %x{t} : {pair_t} to {wide_t}"]
        for j in range(blocks):
            k = t * blocks + j
            lines += [f"    %p{k} = arith.muli %xw{t}, %ww{j} : {wide_t}",
                      f"    %e{k} = vector.shuffle %p{k}, %p{k} [{even}] : {wide_t}, {wide_t}",
                      f"    %o{k} = vector.shuffle %p{k}, %p{k} [{odd}] : {wide_t}, {wide_t}",
                      f"    %s{k} = arith.addi %e{k}, %o{k} : {acc_t}",
                      f"    %n{k} = arith.addi %a{k}, %s{k} : {acc_t}"]
            outs.append(f"%n{k}")
    lines.append(f"    scf.yield {', '.join(outs)} : {types}")
    lines.append("  }")
    return "\n".join(lines + _sum_and_return(accumulators, lanes)) + "\n"


def vnni_probe(lanes: int, accumulators: int, iters: int) -> str:
    """acc[k] = vpdpbusd(acc[k], a, w_k): u8 x s8 quads, `a` loaded per step."""
    nbytes = 4 * lanes
    acc_t, byte_t = f"vector<{lanes}xi32>", f"vector<{nbytes}xi8>"
    lines = [f"func.func @forward(%src: tensor<64x{nbytes}xi8>) -> tensor<{lanes}xi32> {{",
             f"  %m = bufferization.to_buffer %src read_only : tensor<64x{nbytes}xi8> to memref<64x{nbytes}xi8>",
             "  %c0 = arith.constant 0 : index", "  %c1 = arith.constant 1 : index",
             "  %c63 = arith.constant 63 : index", f"  %n = arith.constant {iters} : index",
             f"  %z = arith.constant dense<0> : {acc_t}"]
    for k in range(accumulators):
        lines.append(f"  %c{k}w = arith.constant {k} : index")
        lines.append(f"  %w{k} = vector.load %m[%c{k}w, %c0] : memref<64x{nbytes}xi8>, {byte_t}")
    accs = ", ".join(f"%a{k} = %z" for k in range(accumulators))
    types = ", ".join([acc_t] * accumulators)
    lines.append(f"  %r:{accumulators} = scf.for %i = %c0 to %n step %c1 iter_args({accs}) -> ({types}) {{")
    lines.append("    %j = arith.andi %i, %c63 : index")
    lines.append(f"    %x = vector.load %m[%j, %c0] : memref<64x{nbytes}xi8>, {byte_t}")
    outs = []
    for k in range(accumulators):
        lines.append(f"    %n{k} = qpt2e_x86.vpdpbusd %a{k}, %x, %w{k} : {byte_t} -> {acc_t}")
        outs.append(f"%n{k}")
    lines.append(f"    scf.yield {', '.join(outs)} : {types}")
    lines.append("  }")
    return "\n".join(lines + _sum_and_return(accumulators, lanes)) + "\n"


def amx_probe(tiles: int, iters: int) -> str:
    """C[k] += A x B_k on 16x64-byte tiles (tdpbssd)."""
    a_t, c_t = "!amx.tile<16x64xi8>", "!amx.tile<16x16xi32>"
    lines = ["func.func private @qpt2e_request_amx()",
             "func.func @qpt2e_init() {", "  call @qpt2e_request_amx() : () -> ()", "  return", "}",
             "func.func @forward(%src: tensor<16x64xi8>) -> tensor<16x16xi32> {",
             "  %m = bufferization.to_buffer %src read_only : tensor<16x64xi8> to memref<16x64xi8>",
             "  %c0 = arith.constant 0 : index", "  %c1 = arith.constant 1 : index",
             f"  %n = arith.constant {iters} : index",
             f"  %a = amx.tile_load %m[%c0, %c0] : memref<16x64xi8> into {a_t}",
             f"  %b = amx.tile_load %m[%c0, %c0] : memref<16x64xi8> into {a_t}"]
    for k in range(tiles):
        lines.append(f"  %z{k} = amx.tile_zero : {c_t}")
    accs = ", ".join(f"%c{k}_ = %z{k}" for k in range(tiles))
    types = ", ".join([c_t] * tiles)
    lines.append(f"  %r:{tiles} = scf.for %i = %c0 to %n step %c1 iter_args({accs}) -> ({types}) {{")
    outs = []
    for k in range(tiles):
        lines.append(f"    %d{k} = amx.tile_muli %a, %b, %c{k}_ : {a_t}, {a_t}, {c_t}")
        outs.append(f"%d{k}")
    lines += [f"    scf.yield {', '.join(outs)} : {types}", "  }",
              "  %buf = memref.alloc() : memref<16x16xi32>",
              f"  amx.tile_store %buf[%c0, %c0], %r#0 : memref<16x16xi32>, {c_t}"]
    for k in range(1, tiles):
        lines.append(f"  amx.tile_store %buf[%c0, %c0], %r#{k} : memref<16x16xi32>, {c_t}")
    lines += ["  %out = bufferization.to_tensor %buf restrict : memref<16x16xi32> to tensor<16x16xi32>",
              "  return %out : tensor<16x16xi32>", "}"]
    return "\n".join(lines) + "\n"


def median_ms(text: str, shape, dtype, runs: int, tmp: Path) -> float:
    import numpy as np
    mlir, x = tmp / "probe.mlir", tmp / "x.npy"
    mlir.write_text(text)
    np.save(x, (np.arange(np.prod(shape)) % 7 - 3).astype(dtype).reshape(shape))
    result = subprocess.run([str(tool_path("quant-run")), str(mlir), "--input", str(x),
                             "--benchmark", str(runs), "--warmup", "1"],
                            capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"probe failed:\n{result.stderr}")
    return float(re.search(r"median ([0-9.]+) ms", result.stdout).group(1))


# The kernels' instruction sequence per target ISA, as the vector lowering
# emits it: (probe name, probe kind, lanes).
KERNEL_PROBES = {
    "generic": ("int16 pairs, ymm (avx2 kernels)", "int16", 8),
    "avx2": ("int16 pairs, ymm (avx2 kernels)", "int16", 8),
    "avx512": ("int16 pairs, zmm (avx512 kernels)", "int16", 16),
    "avxvnni": ("u8 x s8 quads, vpdpbusd ymm (avxvnni kernels)", "vnni", 8),
    "avx512vnni": ("u8 x s8 quads, vpdpbusd zmm (avx512vnni kernels)", "vnni", 16),
    "amx": ("AMX int8 tiles, tdpbssd (amx kernels)", "amx", 0),
}


def probe_gmacs(kind: str, lanes: int, iters: int, runs: int, tmp: Path) -> float:
    """GMAC/s per thread of one probe: `kind` int16 / vnni / amx."""
    accs = 12
    if kind == "int16":
        ms = median_ms(int16_pair_probe(lanes, accs, iters), (64, 4 * lanes + 32), "int8",
                       runs, tmp)
        return iters * accs * lanes * 2 / (ms * 1e6)
    if kind == "vnni":
        ms = median_ms(vnni_probe(lanes, accs, iters), (64, 4 * lanes), "int8", runs, tmp)
        return iters * accs * lanes * 4 / (ms * 1e6)
    tiles, iters = 4, iters // 8
    ms = median_ms(amx_probe(tiles, iters), (16, 64), "int8", runs, tmp)
    return iters * tiles * 16 * 16 * 64 / (ms * 1e6)


def kernel_peak(target: str, runs: int, iters: int = 2_000_000) -> tuple:
    """(GMAC/s, probe name) of the probe matching the instruction sequence of
    the kernels generated for `target` ("host" = the host's ISA)."""
    if target == "host":
        target = target_info()["target"]
    name, kind, lanes = KERNEL_PROBES.get(target, KERNEL_PROBES["generic"])
    with tempfile.TemporaryDirectory() as tmp:
        return probe_gmacs(kind, lanes, iters, runs, Path(tmp)), name


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iters", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"CPU: {cpu_label()}; 1 thread, median of {args.runs}")
    info = target_info()
    extensions = info.get("extensions", "").split()
    available = ["avx2"]
    if info["target"] not in ("generic", "avx2", "avxvnni"):
        available.append("avx512")
    available += [isa for isa in ("avxvnni", "avx512vnni") if isa in extensions]
    if info["target"] == "amx":
        available.append("amx")
    with tempfile.TemporaryDirectory() as tmp:
        for isa in available:
            name, kind, lanes = KERNEL_PROBES[isa]
            gmacs = probe_gmacs(kind, lanes, args.iters, args.runs, Path(tmp))
            print(f"  {name:48} {gmacs:8.1f} GMAC/s")


if __name__ == "__main__":
    main()
