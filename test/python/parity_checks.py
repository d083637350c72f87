"""Checks shared by the model parity tests: a comparison of outputs proves
something only when the outputs are not (nearly) constant."""

import numpy as np

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
