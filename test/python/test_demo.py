"""The README's main job: int8 accuracy close to fp32 and predictions that
agree with PyTorch's own int8 model, on the auto (fastest exact for the
host's ISA) and reference lowerings."""

import re

from quant_pt2e import demo
from quant_pt2e.api import target_info


def test_main_job(capsys):
    assert demo.main(["--epochs", "8"]) == 0
    out = capsys.readouterr().out
    accuracy = {name.strip(): float(value) for name, value in
                re.findall(r"^((?:fp32|int8) \([^)]*\))\s+([0-9.]+)%$", out, re.M)}
    assert len(accuracy) == 4, out
    fp32 = accuracy["fp32 (PyTorch)"]
    backend = target_info()["auto lowering"]
    assert re.search(rf"^target \w+ \(.+\), lowering {backend} \(auto\)$", out, re.M), out
    fast = accuracy[f"int8 (quant-pt2e, {backend} lowering)"]
    ours = accuracy["int8 (quant-pt2e, reference lowering)"]
    theirs = accuracy["int8 (PyTorch 1.13 FX, QNNPACK config)"]
    assert fp32 > 90.0
    assert abs(ours - fp32) <= 2.0
    agree = float(re.search(r"agreeing with PyTorch's: ([0-9.]+)%", out).group(1))
    assert agree >= 99.0, out
    assert abs(ours - theirs) <= 1.0
    # auto stays within one output step of the reference on every ISA: same
    # decisions up to near-ties.
    assert abs(fast - ours) <= 1.0
    assert re.search(rf"quant-pt2e int8 {backend} [0-9.]+ ms", out), out
