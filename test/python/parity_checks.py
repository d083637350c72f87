"""Checks shared by the model parity tests: a comparison of outputs proves
something only when the outputs are not (nearly) constant."""

import numpy as np
import torch

#: Fewest distinct quantized output values a parity comparison needs.
MIN_DISTINCT_LEVELS = 4
#: Smallest output range (max - min) a parity comparison accepts: far above
#: the float32 epsilon that floors the scales of a near-constant tensor.
MIN_OUTPUT_RANGE = 1e-3


def assert_not_degenerate(output, scale=None, min_levels=MIN_DISTINCT_LEVELS):
    """Asserts that `output` spans a non-trivial range and, given its
    quantization `scale`, holds at least `min_levels` distinct quantized
    values (min(min_levels, output.size) for tiny outputs)."""
    output = np.asarray(output, dtype=np.float64)
    span = float(output.max() - output.min()) if output.size else 0.0
    assert span >= MIN_OUTPUT_RANGE, \
        f"degenerate comparison: output range {span:.3g} < {MIN_OUTPUT_RANGE}"
    if scale is not None:
        levels = np.unique(np.rint(output / float(scale))).size
        want = min(min_levels, output.size)
        assert levels >= want, \
            f"degenerate comparison: {levels} distinct quantized output values " \
            f"(scale {float(scale):.3g}), fewer than {want}"


def step_differences(expected_fn, got_fn, example, generator, runs, scale):
    """Runs `expected_fn` and `got_fn` on `runs` random inputs shaped like
    `example` and returns the per-element differences in output steps of
    `scale` and their histogram {steps: count}; asserts first that the
    expected outputs, over all inputs together, are not degenerate (one
    small output may be all zeros after a relu)."""
    steps, outputs = [], []
    for _ in range(runs):
        test = tuple(torch.randn(t.shape, generator=generator) for t in example)
        with torch.no_grad():
            want = np.asarray(expected_fn(*test))
        got = np.asarray(got_fn(*test))
        outputs.append(want.ravel())
        steps.append(np.rint(np.abs(got - want) / float(scale)).astype(np.int64).ravel())
    assert_not_degenerate(np.concatenate(outputs), scale)
    steps = np.concatenate(steps)
    return steps, dict(enumerate(np.bincount(steps).tolist()))
