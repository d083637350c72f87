"""Writes test/Integration/exec-vector-kernels.mlir: seeded random int8
data for the forms the vector lowering's kernels distinguish (run with
/usr/bin/python3; the output is committed, this script keeps it
reproducible)."""
import pathlib

import numpy as np
rng = np.random.default_rng(13)
def dense(a, elem):
    shape = "x".join(str(d) for d in a.shape)
    return f'dense<"0x{a.tobytes().hex().upper()}"> : tensor<{shape}x{elem}>'
lines = []
outs = []
def conv_input(tag, n, c, h, w, unsigned=False):
    """A random int8 input: (name, (n, c, h, w), (scale, zp), type, range)."""
    if unsigned:
        x = rng.integers(0, 256, size=(n, c, h, w), dtype=np.uint8)
        return_q = ((0.04, 120), "ui8", "range(0, 255)")
    else:
        x = rng.integers(-128, 128, size=(n, c, h, w), dtype=np.int8)
        return_q = ((0.04, -3), "i8", "range(-128, 127)")
    lines.append(f"  %x{tag} = arith.constant {dense(x, return_q[1])}")
    return (f"%x{tag}", (n, c, h, w)) + return_q
def conv_on(tag, src, o, k, s, p, d=1, groups=1, per_channel=True, relu=False,
            out_q=(0.05, -20), result=True, big_bias=False):
    """dq(src) -> conv (-> relu / relu6) -> q on `src` (a conv_input or an
    earlier conv_on's output); returns the output in the same form.
    `big_bias`: channels 0 and 1 biased by +-1.5e8 (+-3e9 output steps,
    past int32)."""
    name, (n, c, h, w), (xs, xzp), et, rng_s = src
    oh = (h + 2*p - d*(k-1) - 1)//s + 1; ow = (w + 2*p - d*(k-1) - 1)//s + 1
    wt = rng.integers(-127, 128, size=(o, c // groups, k, k), dtype=np.int8)
    nsc = o if per_channel else 1
    sc = (rng.uniform(0.5, 1.5, size=nsc) * 0.02 / np.sqrt(c // groups * k*k)).astype(np.float32)
    b = rng.normal(0, 0.3, size=o).astype(np.float32)
    if big_bias:
        b[0], b[1] = 1.5e8, -1.5e8
    xt = f"tensor<{n}x{c}x{h}x{w}"; yt = f"tensor<{n}x{o}x{oh}x{ow}"; wtt = f"tensor<{o}x{c // groups}x{k}x{k}"
    axis = "axis(0) " if per_channel else ""
    scs = ", ".join(repr(float(v)) for v in sc); zps = ", ".join("0" for _ in sc)
    lines.append(f"  %w{tag} = arith.constant {dense(wt, 'i8')}")
    lines.append(f"  %b{tag} = arith.constant {dense(b, 'f32')}")
    lines.append(f"  %dx{tag} = quant_pt2e.dequantize {name} scales([{xs}]) zero_points([{xzp}]) {rng_s} : {xt}x{et}> -> {xt}xf32>")
    lines.append(f"  %dw{tag} = quant_pt2e.dequantize %w{tag} {axis}scales([{scs}]) zero_points([{zps}]) range(-127, 127) : {wtt}xi8> -> {wtt}xf32>")
    lines.append(f"  %c{tag} = aten.convolution %dx{tag}, %dw{tag}, %b{tag} stride [{s}, {s}] padding [{p}, {p}] dilation [{d}, {d}] output_padding [0, 0] groups {groups} : ({xt}xf32>, {wtt}xf32>, tensor<{o}xf32>) -> {yt}xf32>")
    last = f"%c{tag}"
    if relu == "relu6":
        lines.append(f"  %r{tag} = aten.hardtanh %c{tag} {{min_val = 0.0 : f64, max_val = 6.0 : f64}} : {yt}xf32>"); last = f"%r{tag}"
    elif relu:
        lines.append(f"  %r{tag} = aten.relu %c{tag} : {yt}xf32>"); last = f"%r{tag}"
    lines.append(f"  %q{tag} = quant_pt2e.quantize {last} scales([{out_q[0]}]) zero_points([{out_q[1]}]) range(-128, 127) : {yt}xf32> -> {yt}xi8>")
    if result:
        outs.append((f"%q{tag}", f"{yt}xi8>", n*o*oh*ow))
    return (f"%q{tag}", (n, o, oh, ow), out_q, "i8", "range(-128, 127)")
def conv(tag, n, c, h, w, o, k, s, p, d, per_channel, unsigned, relu, groups=1):
    conv_on(tag, conv_input(tag, n, c, h, w, unsigned), o, k, s, p, d, groups, per_channel, relu)
def residual(tag, c, h, w, o, mid):
    """conv 3x3 (+ q/dq of the conv output when `mid`, the XNNPACK
    quantizer's form) + dq(residual) -> relu -> q."""
    x = rng.integers(-128, 128, size=(1, c, h, w), dtype=np.int8)
    r = rng.integers(-128, 128, size=(1, o, h, w), dtype=np.int8)
    wt = rng.integers(-127, 128, size=(o, c, 3, 3), dtype=np.int8)
    sc = (rng.uniform(0.5, 1.5, size=o) * 0.02 / np.sqrt(c*9)).astype(np.float32)
    b = rng.normal(0, 0.3, size=o).astype(np.float32)
    xt = f"tensor<1x{c}x{h}x{w}"; yt = f"tensor<1x{o}x{h}x{w}"; wtt = f"tensor<{o}x{c}x3x3"
    scs = ", ".join(repr(float(v)) for v in sc); zps = ", ".join("0" for _ in sc)
    lines.append(f"  %x{tag} = arith.constant {dense(x, 'i8')}")
    lines.append(f"  %r{tag} = arith.constant {dense(r, 'i8')}")
    lines.append(f"  %w{tag} = arith.constant {dense(wt, 'i8')}")
    lines.append(f"  %b{tag} = arith.constant {dense(b, 'f32')}")
    lines.append(f"  %dx{tag} = quant_pt2e.dequantize %x{tag} scales([0.04]) zero_points([2]) range(-128, 127) : {xt}xi8> -> {xt}xf32>")
    lines.append(f"  %dr{tag} = quant_pt2e.dequantize %r{tag} scales([0.03]) zero_points([-7]) range(-128, 127) : {yt}xi8> -> {yt}xf32>")
    lines.append(f"  %dw{tag} = quant_pt2e.dequantize %w{tag} axis(0) scales([{scs}]) zero_points([{zps}]) range(-127, 127) : {wtt}xi8> -> {wtt}xf32>")
    lines.append(f"  %c{tag} = aten.convolution %dx{tag}, %dw{tag}, %b{tag} stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : ({xt}xf32>, {wtt}xf32>, tensor<{o}xf32>) -> {yt}xf32>")
    conv_out = f"%c{tag}"
    if mid:
        lines.append(f"  %qc{tag} = quant_pt2e.quantize %c{tag} scales([0.045]) zero_points([-10]) range(-128, 127) : {yt}xf32> -> {yt}xi8>")
        lines.append(f"  %dc{tag} = quant_pt2e.dequantize %qc{tag} scales([0.045]) zero_points([-10]) range(-128, 127) : {yt}xi8> -> {yt}xf32>")
        conv_out = f"%dc{tag}"
    lines.append(f"  %s{tag} = aten.add {conv_out}, %dr{tag} : {yt}xf32>, {yt}xf32> -> {yt}xf32>")
    lines.append(f"  %a{tag} = aten.relu %s{tag} : {yt}xf32>")
    lines.append(f"  %q{tag} = quant_pt2e.quantize %a{tag} scales([0.05]) zero_points([-128]) range(-128, 127) : {yt}xf32> -> {yt}xi8>")
    outs.append((f"%q{tag}", f"{yt}xi8>", o*h*w))
def maxpool(tag, c, h, k, st, pad, unsigned, ceil):
    if unsigned:
        x = rng.integers(0, 256, size=(1, c, h, h), dtype=np.uint8); et = "ui8"; q = "scales([0.03]) zero_points([100]) range(0, 255)"
    else:
        x = rng.integers(-128, 128, size=(1, c, h, h), dtype=np.int8); et = "i8"; q = "scales([0.03]) zero_points([-4]) range(-128, 127)"
    import math
    o = (math.ceil if ceil else math.floor)((h + 2*pad - k) / st) + 1
    xt = f"tensor<1x{c}x{h}x{h}"; yt = f"tensor<1x{c}x{o}x{o}"
    lines.append(f"  %x{tag} = arith.constant {dense(x, et)}")
    lines.append(f"  %dx{tag} = quant_pt2e.dequantize %x{tag} {q} : {xt}x{et}> -> {xt}xf32>")
    lines.append(f"  %m{tag} = aten.max_pool2d %dx{tag} kernel [{k}, {k}] stride [{st}, {st}] padding [{pad}, {pad}] dilation [1, 1]{' ceil_mode' if ceil else ''} : {xt}xf32> -> {yt}xf32>")
    lines.append(f"  %q{tag} = quant_pt2e.quantize %m{tag} {q} : {yt}xf32> -> {yt}x{et}>")
    outs.append((f"%q{tag}", f"{yt}x{et}>", c*o*o))
def maxpool_on(tag, src, k, st, pad):
    """dq(src) -> max_pool2d -> q with src's qparams, on an earlier conv_on's output."""
    name, (n, c, h, w), (xs, xzp), et, rng_s = src
    o = (h + 2*pad - k) // st + 1
    xt = f"tensor<{n}x{c}x{h}x{w}"; yt = f"tensor<{n}x{c}x{o}x{o}"
    q = f"scales([{xs}]) zero_points([{xzp}]) {rng_s}"
    lines.append(f"  %dx{tag} = quant_pt2e.dequantize {name} {q} : {xt}x{et}> -> {xt}xf32>")
    lines.append(f"  %m{tag} = aten.max_pool2d %dx{tag} kernel [{k}, {k}] stride [{st}, {st}] padding [{pad}, {pad}] dilation [1, 1] : {xt}xf32> -> {yt}xf32>")
    lines.append(f"  %q{tag} = quant_pt2e.quantize %m{tag} {q} : {yt}xf32> -> {yt}x{et}>")
    outs.append((f"%q{tag}", f"{yt}x{et}>", n*c*o*o))
def linear(tag, m, k, nout):
    x = rng.integers(-128, 128, size=(m, k), dtype=np.int8)
    wt = rng.integers(-127, 128, size=(nout, k), dtype=np.int8)
    sc = (rng.uniform(0.5, 1.5, size=nout) * 0.02 / np.sqrt(k)).astype(np.float32)
    b = rng.normal(0, 0.3, size=nout).astype(np.float32)
    scs = ", ".join(repr(float(v)) for v in sc); zps = ", ".join("0" for _ in sc)
    lines.append(f"  %x{tag} = arith.constant {dense(x, 'i8')}")
    lines.append(f"  %w{tag} = arith.constant {dense(wt, 'i8')}")
    lines.append(f"  %b{tag} = arith.constant {dense(b, 'f32')}")
    lines.append(f"  %dx{tag} = quant_pt2e.dequantize %x{tag} scales([0.04]) zero_points([5]) range(-128, 127) : tensor<{m}x{k}xi8> -> tensor<{m}x{k}xf32>")
    lines.append(f"  %dw{tag} = quant_pt2e.dequantize %w{tag} axis(0) scales([{scs}]) zero_points([{zps}]) range(-127, 127) : tensor<{nout}x{k}xi8> -> tensor<{nout}x{k}xf32>")
    lines.append(f"  %l{tag} = aten.linear %dx{tag}, %dw{tag}, %b{tag} : (tensor<{m}x{k}xf32>, tensor<{nout}x{k}xf32>, tensor<{nout}xf32>) -> tensor<{m}x{nout}xf32>")
    lines.append(f"  %q{tag} = quant_pt2e.quantize %l{tag} scales([0.05]) zero_points([3]) range(-128, 127) : tensor<{m}x{nout}xf32> -> tensor<{m}x{nout}xi8>")
    outs.append((f"%q{tag}", f"tensor<{m}x{nout}xi8>", m*nout))
conv(1, 1, 32, 6, 20, 20, 3, 1, 1, 1, True, False, True)     # 3x3 padded, per channel, relu; 16 + 4 pixel tiles, 2 blocks
conv(2, 2, 48, 9, 9, 80, 1, 2, 0, 1, False, True, False)     # ui8 1x1 stride 2, batch 2, 5 blocks (4 + 1)
conv(3, 1, 16, 8, 8, 16, 3, 1, 2, 2, True, False, False)     # dilated: per-tap segments
conv(4, 1, 3, 16, 16, 16, 7, 2, 3, 1, True, False, True)     # 7x7/2 stem: 21-byte row segments
linear(5, 5, 40, 24)                                          # linear, chunk tail 40 of 64 bytes
residual(6, 32, 5, 18, 32, True)                              # conv -> q -> dq -> add -> relu (XNNPACK quantizer)
residual(7, 24, 4, 7, 20, False)                              # conv + add under one quantization, 20 channels (padded residual)
conv(10, 1, 40, 7, 11, 40, 3, 1, 1, 1, True, False, "relu6", groups=40)  # depthwise 3x3, relu6, 40 channels (padded to 48)
conv(11, 1, 32, 8, 8, 32, 3, 2, 1, 1, False, False, False, groups=32)   # depthwise 3x3/2 per tensor
conv(12, 1, 64, 6, 6, 64, 3, 1, 1, 1, True, False, True, groups=16)    # grouped 3x3 (ResNeXt's 4 channels per group): a vector spans groups
conv(13, 1, 48, 7, 7, 96, 3, 2, 1, 1, False, False, False, groups=2)    # grouped 3x3/2, 48 output channels per group
conv(14, 1, 24, 5, 5, 24, 3, 1, 1, 1, True, True, False, groups=3)      # ui8 grouped 3x3, 8 channels per group (RegNet)
conv(15, 1, 12, 5, 5, 18, 1, 1, 0, 1, True, False, False, groups=3)     # grouped 1x1, 4 in / 6 out per group: vectors straddle groups unevenly
conv(16, 1, 1, 5, 7, 8, 1, 1, 0, 1, True, False, False)                  # 1 channel, 1x1: a row segment shorter than a pair / quad (slack columns)
conv(17, 1, 2, 6, 6, 8, 3, 1, 1, 1, False, True, True)                   # ui8, 2 channels, 3x3: 6-element row segments
conv(27, 1, 64, 13, 13, 48, 1, 2, 0, 1, True, False, False)              # 1x1/2 on AMX pixels outermost: 7 rows (the last pair's second dropped), 7-pixel tiles, a channel pair and one block
# Chains: a kernel writes its readers' input form in its epilogue (no input
# function between them) where they read it in one layout.
a = conv_on(18, conv_input(18, 1, 16, 9, 9), 32, 1, 1, 0, relu=True)        # 1x1 expand: read by a depthwise and a 3x3 (one layout) and returned
d = conv_on(19, a, 32, 3, 1, 1, groups=32, relu=True, out_q=(0.04, -30), result=False)  # depthwise 3x3 writes the next 1x1's form
e = conv_on(20, d, 24, 1, 1, 0, out_q=(0.06, 4), result=False)            # 1x1 project: only a form for its 3x3/2 reader
conv_on(21, e, 20, 3, 2, 1)                                                # 3x3/2, 20 channels (padded to 24)
conv_on(22, a, 16, 3, 1, 1, relu=True)                                     # the second reader of the expand's form
f = conv_on(23, conv_input(23, 1, 8, 6, 6), 20, 1, 1, 0, out_q=(0.05, 7), result=False)  # 20 channels: its 1x1 reader's layout (20) is not the kernel's 24: an input function
conv_on(24, f, 16, 1, 1, 0)
g = conv_on(25, conv_input(25, 1, 8, 7, 7), 24, 1, 1, 0, out_q=(0.05, -6), result=False)  # 24 channels read by a depthwise kernel in blocks of 16: the border function fills channels 24-31
conv_on(26, g, 24, 3, 1, 1, groups=24, relu="relu6")
# ResNet's stem -> max pool: the conv writes the pool's padded input.
maxpool_on(29, conv_on(28, conv_input(28, 1, 3, 18, 18), 32, 7, 2, 3, relu=True, out_q=(0.05, -60), result=False), 3, 2, 1)
# Integer Winograd F(2x2, 3x3) (the int16 pair targets): ui8, batch 2, per
# tensor, 40 channels padded to 48, 7 x 9 outputs (the last block row and
# column overlap their neighbours); 256 channels into 8 (one channel vector:
# 12 blocks per group, input transforms in two chunks, the second shorter),
# with relu.
conv(30, 2, 40, 7, 9, 24, 3, 1, 1, 1, False, True, True)
conv(31, 1, 256, 12, 12, 8, 3, 1, 1, 1, True, False, True)
maxpool(8, 64, 9, 3, 2, 1, True, False)                       # ui8 max pool 3x3/2, 64 channels per vector
maxpool(9, 40, 7, 2, 2, 0, False, True)                       # i8 max pool 2x2/2 ceil mode, 40 channels padded to 48
# Stems on AMX as 2 x 2 pixel blocks (space to depth): ui8 3x3/2 on 3
# channels, batch 2, 17 x 15 padded pixels (odd: the last block row and
# column half padding, odd left padding: pixel 0 alone in its block), 24
# channels with relu6; 5x5/2 on 4 channels with an even left padding (pairs
# from pixel 0, an odd width's last pixel alone), per tensor.
conv(32, 2, 3, 15, 13, 24, 3, 2, 1, 1, True, True, "relu6")
conv(33, 1, 4, 12, 11, 16, 5, 2, 2, 1, False, False, False)
# A linear layer of 3 rows (one AMX pixel unit) into 80 channels: at 2
# threads its channel units (two pairs and one block) split.
linear(34, 3, 64, 80)
# A 5x5/2 stem on pixel blocks whose input is a kernel's output of 4
# channels padded to 16, read in place (pixel by pixel, 16 bytes apart).
h = conv_on(35, conv_input(35, 1, 8, 12, 12), 4, 1, 1, 0, out_q=(0.05, 9), result=False)
conv_on(36, h, 16, 5, 2, 2)
# Output steps past int32 in two channels (the bias): the epilogue clamps
# in float before rounding (127 and -128 there), the others' steps as usual.
conv_on(37, conv_input(37, 1, 8, 6, 6), 16, 1, 1, 0, big_bias=True)
# Row tails gathered per pixel: ui8 5x5 on 3 channels, batch 2, 20 x 9
# pixels (a tile across rows), 24 channels: 15-element rows, 3 bytes past
# the whole quads in each (5 rows' tails: 15 bytes in 4 quads), 1 int16
# past the pairs (5 in 3 pairs).
conv(38, 2, 3, 9, 20, 24, 5, 1, 2, 1, True, True, True)
# Grouped convs of 2 and 4 channels per group on 16-lane quads (one
# 16-byte broadcast per tap, lanes in quad order, put back before the
# epilogue): ui8 3x3/2 per tensor, 16 groups of 2; batch 2, 12 groups of
# 4 in three channel blocks, relu6.
conv(39, 1, 32, 9, 9, 32, 3, 2, 1, 1, False, True, False, groups=16)
conv(40, 2, 48, 7, 8, 48, 3, 1, 1, 1, True, False, "relu6", groups=12)
# 8 channels per group on quad lanes: two steps per tap, the second on each
# lane's other quad: ui8 per tensor with relu, 4 groups of 8; batch 2,
# stride 2, 8 groups in four channel blocks.
conv(41, 1, 32, 8, 9, 32, 3, 1, 1, 1, False, True, True, groups=4)
conv(42, 2, 64, 9, 7, 64, 3, 2, 1, 1, True, False, False, groups=8)
header = """// Executable test of the compiler's own kernels on the forms the AMX
// scheme distinguishes (written by Inputs/gen_exec_vector_kernels.py; the reference
// lowering is the oracle): a padded 3x3 conv per channel with relu whose
// 6 x 22 padded pixels are 5 flat blocks of 32 (columns past 20 dropped)
// and whose 20 channels are two 16-channel blocks; a ui8 1x1 stride-2
// conv, batch 2, 80 channels (two channel pairs and one block); a 1x1
// stride-2 conv whose 7 output rows and 7-pixel tiles run pixels
// outermost; a dilated 3x3 conv
// (one segment per tap); a 7x7 stride-2 stem with 3 channels (on AMX as
// 2 x 2 pixel blocks of 12 channels: 48-byte block rows in one 64-byte
// chunk), and stems on 3 (ui8, batch 2, odd padded sizes) and 4 channels
// (even left padding, odd width; one reading a padded kernel output); a linear layer whose 40-byte
// rows end mid-chunk and one of 3 rows into 80 channels (split by
// channels across threads); two residual sums fused into the conv epilogue (the
// XNNPACK quantizer's conv -> q -> dq -> add -> relu, and conv + add under
// one quantization with 20 channels, the residual padded to the kernel's
// 32); integer max pooling (ui8 3x3/2 over 64 channels, i8 2x2/2 in ceil
// mode over 40 channels); depthwise convs (3x3 with relu6 over 40
// channels, 3x3/2 over 32); grouped convs on the vector kernels' channel
// windows (4 channels per group (on 16-lane quads one 16-byte broadcast
// per tap: also 2 per group with stride 2, and 4 per group in three
// channel blocks with batch 2; 8 per group in two steps per tap, ui8 with
// relu, and batch 2 with stride 2), 48 output channels per group with stride
// 2, ui8 with 8 per group, and 4 in / 6 out per group, whose channel
// vectors straddle groups unevenly); row segments shorter than a pair or
// quad (1 and 2 input channels); rows whose last elements are gathered
// per pixel into tail groups (the 3-channel stems, 2 channels, and ui8
// 5x5 on 3 channels: 3 bytes per row past the quads, batch 2); chains of convs (1x1 -> depthwise 3x3 ->
// 1x1 -> 3x3/2, an output read by two convs in one layout and returned)
// whose kernels write their readers' input form, one whose reader's
// layout differs (an input function), and a 24-channel form for a
// depthwise reader of 32 (the rest filled by the border function), and a
// 7x7/2 stem writing its max pool's padded input; on the int16 pair
// targets the 3x3 stride-1 convs on 16 or more channels as integer
// Winograd F(2x2, 3x3) (odd output sizes, ui8 with batch 2 per tensor,
// input transforms in two chunks). Each output at most 1 step from the reference
// (float rounding near .5), histogram printed, and each reference output
// holds at least 10 distinct values (not a degenerate comparison).
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// AMX tiles where the host has them (int8 AMX: the amx target); the
// AVX2 and generic int16-pair kernels run on any x86-64 host of this
// project, the AVX-512 ones wherever AVX-512 BW is (lit feature host-avx512).
// RUN: %if target-amx %{ quant-run %s --lowering vector --target-isa amx --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: %if target-amx %{ quant-run %s --lowering vector --target-isa amx --num-threads 2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// u8 x s8 quads (vpdpbusd) where the host has AVX-512 VNNI / AVX-VNNI.
// RUN: %if host-avx512vnni %{ quant-run %s --lowering vector --target-isa avx512vnni --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: %if host-avxvnni %{ quant-run %s --lowering vector --target-isa avxvnni --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: %if host-avx512 %{ quant-run %s --lowering vector --target-isa avx512 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// The threads' contiguous parts of each kernel (own stack buffer rows, the
// overlapping last pixel tile) against the same reference.
// RUN: quant-run %s --lowering vector --target-isa avx2 --num-threads 2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa generic --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// Which kernels the amx target takes: AMX tiles for every form here but
// the depthwise and grouped convs and those whose reduction segments are
// under 16 bytes (1, 2 and 8 input channels of a 1x1 or 3x3 at stride 1);
// the five stride-2 stems on 2 x 2 pixel blocks (cases 4, 28, 32, 33, 36),
// each with its input function (case 36's reading its producer's padded
// output in place).
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=amx})' | FileCheck %s --check-prefix=KERNELS
// KERNELS-COUNT-20: qpt2e_kernel_isa = "amx
// KERNELS-NOT: qpt2e_kernel_isa = "amx
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=amx})' | FileCheck %s --check-prefix=BLOCKS
// BLOCKS-COUNT-5: qpt2e_kernel_isa = "amx (int8 tiles: {{tdpbssd|tdpbusd}}, 2x2 space to depth)"
// BLOCKS-NOT: 2x2 space to depth
// Which kernels the int16 pair targets run as integer Winograd F(2x2,
// 3x3): the 3x3 stride-1 groups-1 convs on at least 16 input channels
// (cases 1, 6, 7, 22, 30, 31; not the 2-channel, dilated, strided and
// grouped ones).
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=avx2})' | FileCheck %s --check-prefix=WINOGRAD
// WINOGRAD-COUNT-6: winograd F(2x2, 3x3)"
// WINOGRAD-NOT: winograd F(2x2, 3x3)"
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=amx})' | FileCheck %s --check-prefix=POOLS
// POOLS-NOT: aten.max_pool2d
// POOLS-COUNT-3: call @qpt2e_vec_maxpool_{{[0-9]}}(
// POOLS-NOT: aten.max_pool2d
// The stem writes its max pool's padded input (no input function for
// that pool); the pools on constants keep theirs.
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=avx2})' | FileCheck %s --check-prefix=POOLFORM
// POOLFORM-NOT: call @qpt2e_vec_maxpool_0_input(
// POOLFORM: call @qpt2e_vec_maxpool_0(
// POOLFORM: call @qpt2e_vec_maxpool_1_input(
"""
checks = []
for i, (name, ty, count) in enumerate(outs):
    shape = ty[len("tensor<"):ty.rindex("x")].replace("x", ", ")
    checks.append(f"// REF: wrote {{{{.+}}}}output_{i}.npy [{shape}]")
for i, (name, ty, count) in enumerate(outs):
    checks.append(f"// CMP: output {i}: max |difference| {{{{[01]}}}}, histogram {{0: {{{{[0-9]+}}}}{{{{(, 1: [0-9]+)?}}}}}} of {count}, {{{{[1-9][0-9]+}}}} distinct reference values")
types = ", ".join(t for _, t, _ in outs)
body = [f"func.func @forward() -> ({types}) {{"] + lines + [f"  return {', '.join(n for n, _, _ in outs)} : {types}", "}"]
open(pathlib.Path(__file__).resolve().parents[1] / "exec-vector-kernels.mlir", "w").write(header + "\n".join(checks) + "\n" + "\n".join(body) + "\n")
