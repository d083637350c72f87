//===- AtenScalarFormulas.h - element-wise aten formulas --------*- C++ -*-===//
//
// One home for the scalar formula of every element-wise unary aten op (the
// activations, the scalar arithmetic), written once against an evaluator:
// the float lowering evaluates it into arith / math ops
// (convert-aten-to-linalg), quant-pt2e-fuse-qdq evaluates it on float
// values at compile time to tabulate `q(op(dq(x)))` for the 256 int8
// inputs (quant_pt2e.qlookup). Both must round alike: every step is one
// IEEE operation (no contraction, fused multiply-adds only where the
// formula says fma), exp / tanh / sqrt are the C library's, which the
// lowered code calls too.
//
// An evaluator S provides a value type S::V and:
//   constant(double) (rounded to the element type), add, sub, mul, div, neg,
//   maximum / minimum (NaN-propagating, -0 < +0: arith.maximumf),
//   exp, tanh, sqrt, abs, fma, copySign, selectGreater(a, b, x, y)
//   (a > b, ordered ? x : y).
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_ATEN_IR_ATENSCALARFORMULAS_H
#define QUANT_PT2E_DIALECT_ATEN_IR_ATENSCALARFORMULAS_H

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <optional>

namespace mlir::aten {

namespace formulas {

template <typename S, typename V = typename S::V>
V clamp(S &s, V x, std::optional<double> lo, std::optional<double> hi) {
  if (lo)
    x = s.maximum(x, s.constant(*lo));
  if (hi)
    x = s.minimum(x, s.constant(*hi));
  return x;
}

inline std::optional<double> bound(std::optional<APFloat> value) {
  return value ? std::optional<double>(value->convertToDouble()) : std::nullopt;
}

/// ATen's Vectorized<float>::erf: Abramowitz-Stegun 7.1.26 with fused
/// multiply-adds, erf(x) = sign(x) * (1 - r(t) * t * exp(-x * x)),
/// t = 1 / (1 + p |x|).
template <typename S, typename V = typename S::V>
V erfAbramowitzStegun(S &s, V x) {
  V one = s.constant(1.0);
  V t = s.div(one, s.fma(s.constant(0.3275911), s.abs(x), one));
  V r = s.fma(s.constant(1.061405429), t, s.constant(-1.453152027));
  for (double coefficient : {1.421413741, -0.284496736, 0.254829592})
    r = s.fma(r, t, s.constant(coefficient));
  V negExp = s.neg(s.exp(s.neg(s.mul(x, x))));
  return s.copySign(s.fma(s.mul(negExp, t), r, one), x);
}

/// `other` op'd onto x after `alpha` scales it (aten's scalar arithmetic).
template <typename S, typename V = typename S::V>
V scaledOther(S &s, V other, std::optional<APFloat> alpha) {
  if (alpha && alpha->convertToDouble() != 1.0)
    return s.mul(other, s.constant(alpha->convertToDouble()));
  return other;
}

} // namespace formulas

/// The result of element-wise unary `op` on `x`, or nullopt when `op` is
/// not one of them.
template <typename S, typename V = typename S::V>
std::optional<V> evaluateUnary(Operation *op, S &s, V x) {
  using namespace formulas;
  return llvm::TypeSwitch<Operation *, std::optional<V>>(op)
      .Case([&](ReluOp) { return clamp(s, x, 0.0, std::nullopt); })
      .Case([&](Relu6Op) { return clamp(s, x, 0.0, 6.0); })
      .Case([&](HardtanhOp o) {
        return clamp(s, x, o.getMinVal().convertToDouble(),
                     o.getMaxVal().convertToDouble());
      })
      .Case([&](ClampOp o) {
        return clamp(s, x, bound(o.getMin()), bound(o.getMax()));
      })
      .Case([&](LeakyReluOp o) {
        V scaled = s.mul(x, s.constant(o.getNegativeSlope().convertToDouble()));
        return s.selectGreater(x, s.constant(0.0), x, scaled);
      })
      .Case([&](EluOp o) {
        // x > 0 ? x * scale : (exp(x * input_scale) - 1) * alpha * scale
        double scale = o.getScale().convertToDouble();
        V expm1 = s.sub(
            s.exp(s.mul(x, s.constant(o.getInputScale().convertToDouble()))),
            s.constant(1.0));
        V negative =
            s.mul(expm1, s.constant(o.getAlpha().convertToDouble() * scale));
        V positive = s.mul(x, s.constant(scale));
        return s.selectGreater(x, s.constant(0.0), positive, negative);
      })
      .Case([&](TanhOp) { return s.tanh(x); })
      .Case([&](SqrtOp) { return s.sqrt(x); })
      .Case([&](SigmoidOp) {
        V one = s.constant(1.0);
        return s.div(one, s.add(one, s.exp(s.neg(x))));
      })
      .Case([&](HardswishOp) {
        // x * min(max(x + 3, 0), 6) / 6
        V clamped = clamp(s, s.add(x, s.constant(3.0)), 0.0, 6.0);
        return s.div(s.mul(x, clamped), s.constant(6.0));
      })
      .Case([&](HardsigmoidOp) {
        // min(max(x + 3, 0), 6) / 6
        return s.div(clamp(s, s.add(x, s.constant(3.0)), 0.0, 6.0),
                     s.constant(6.0));
      })
      .Case([&](SiluOp) {
        // x / (1 + exp(-x))
        return s.div(x, s.add(s.constant(1.0), s.exp(s.neg(x))));
      })
      .Case([&](GeluOp o) {
        if (o.getApproximate() == "tanh") {
          // 0.5 * x * (1 + tanh(beta * (x + kappa * x^3))), GeluKernelImpl.
          V cube = s.mul(s.mul(x, x), x);
          V inner = s.mul(s.constant(M_SQRT2 * M_2_SQRTPI * 0.5),
                          s.add(x, s.mul(s.constant(0.044715), cube)));
          return s.mul(s.mul(s.constant(0.5), x),
                       s.add(s.constant(1.0), s.tanh(inner)));
        }
        // x * 0.5 * (1 + erf(x * M_SQRT1_2))
        V erf = erfAbramowitzStegun(s, s.mul(x, s.constant(M_SQRT1_2)));
        return s.mul(s.mul(x, s.constant(0.5)), s.add(s.constant(1.0), erf));
      })
      .Case([&](DropoutOp) { return x; })
      .Case([&](AddScalarOp o) {
        return s.add(x,
                     scaledOther(s, s.constant(o.getOther().convertToDouble()),
                                 o.getAlpha()));
      })
      .Case([&](SubScalarOp o) {
        return s.sub(x,
                     scaledOther(s, s.constant(o.getOther().convertToDouble()),
                                 o.getAlpha()));
      })
      .Case([&](MulScalarOp o) {
        return s.mul(x, s.constant(o.getOther().convertToDouble()));
      })
      .Case([&](DivScalarOp o) {
        return s.div(x, s.constant(o.getOther().convertToDouble()));
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// The float evaluator: each step one IEEE single-precision operation.
struct FloatFormulaEvaluator {
  using V = float;
  V constant(double v) { return static_cast<float>(v); }
  V add(V a, V b) { return a + b; }
  V sub(V a, V b) { return a - b; }
  V mul(V a, V b) { return a * b; }
  V div(V a, V b) { return a / b; }
  V neg(V a) { return -a; }
  V maximum(V a, V b) {
    if (std::isnan(a) || std::isnan(b))
      return std::nanf("");
    if (a == b)
      return std::signbit(a) ? b : a;
    return a > b ? a : b;
  }
  V minimum(V a, V b) {
    if (std::isnan(a) || std::isnan(b))
      return std::nanf("");
    if (a == b)
      return std::signbit(a) ? a : b;
    return a < b ? a : b;
  }
  V exp(V a) { return std::exp(a); }
  V tanh(V a) { return std::tanh(a); }
  V sqrt(V a) { return std::sqrt(a); }
  V abs(V a) { return std::fabs(a); }
  V fma(V a, V b, V c) { return std::fma(a, b, c); }
  V copySign(V a, V b) { return std::copysign(a, b); }
  V selectGreater(V a, V b, V x, V y) { return a > b ? x : y; }
};

} // namespace mlir::aten

#endif // QUANT_PT2E_DIALECT_ATEN_IR_ATENSCALARFORMULAS_H
