//===- BackendCapabilities.cpp - which backend takes which fused op -------===//
//
// See BackendCapabilities.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/BackendCapabilities.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

constexpr Support N = Support::Native, E = Support::Expanded;

bool inRange(double v, double lo, double hi) { return v >= lo && v < hi; }

/// XNNPACK's requantization scale range of convolution / fully connected.
bool convScalesOk(float in, ArrayRef<float> weights, float out) {
  return llvm::all_of(weights, [&](float w) {
    return inRange(static_cast<double>(in * w / out), 0x1.0p-32, 256.0);
  });
}

bool isGlobalPool(QAvgPool2dOp pool) {
  RankedTensorType in = pool.getInput().getType();
  return pool.getKernel()[0] == in.getDimSize(2) &&
         pool.getKernel()[1] == in.getDimSize(3) && pool.getPadding()[0] == 0 &&
         pool.getPadding()[1] == 0;
}

/// groups == input channels == output channels (channel multiplier 1).
bool isDepthwise(QConv2dOp conv) {
  int64_t groups = static_cast<int64_t>(conv.getGroups());
  return groups > 1 && groups == conv.getInput().getType().getDimSize(1) &&
         groups == conv.getOutput().getType().getDimSize(1);
}

} // namespace

std::optional<BackendCapabilities>
BackendCapabilities::get(llvm::StringRef backend) {
  BackendCapabilities caps;
  if (backend == "reference")
    return caps; // nothing fused: dq -> float op -> q everywhere
  caps.view = true;
  caps.cat = caps.lookup = E;
  if (backend == "onednn") {
    // oneDNN 2.6 primitives: convolution (any groups, sum and eltwise
    // post-ops), inner product (per channel, eltwise post-ops), max
    // pooling; u8 and s8 activations.
    caps.conv2d = caps.depthwiseConv = caps.groupedConv = caps.residualConv = N;
    caps.linear = caps.perChannelLinear = caps.linearPostOp = N;
    caps.maxPool = N;
    caps.add = caps.mul = caps.avgPool = caps.globalAvgPool = E;
    caps.unsignedActivations = true;
    return caps;
  }
  if (backend == "xnnpack") {
    // XNNPACK 2022: qs8 / qc8 convolution, qs8 fully connected (no
    // per-channel), add, multiply, s8 max pooling, qs8 global average
    // pooling; no qs8 windowed average pooling, no sum or eltwise
    // post-ops, s8 only.
    caps.conv2d = caps.depthwiseConv = caps.groupedConv = N;
    caps.linear = caps.add = caps.mul = caps.maxPool = caps.globalAvgPool = N;
    caps.xnnpackLimits = true;
    return caps;
  }
  if (backend == "vector") {
    // The compiler's own micro-kernels (convert-quant-pt2e-to-vector):
    // convolutions with any groups (residual sum in the epilogue; grouped
    // ones on per-block input channel windows), linears (per tensor or per
    // channel, leaky_relu / tanh in the epilogue), max pooling on the integers;
    // add, mul, average pools and concat as their exact reference chains on
    // NHWC values.
    caps.conv2d = caps.depthwiseConv = caps.groupedConv = N;
    caps.residualConv = N;
    caps.linear = caps.perChannelLinear = caps.linearPostOp = N;
    caps.maxPool = N;
    caps.add = caps.mul = caps.avgPool = caps.globalAvgPool = E;
    caps.unsignedActivations = true;
    return caps;
  }
  return std::nullopt;
}

llvm::StringRef BackendCapabilities::knownBackends() {
  return "onednn, xnnpack, vector, reference";
}

bool BackendCapabilities::takesActivation(Type elem) const {
  return elem.isSignlessInteger(8) ||
         (unsignedActivations && elem.isUnsignedInteger(8));
}

Support BackendCapabilities::support(Operation *op, std::string *reason) const {
  auto no = [&](const llvm::Twine &why) {
    if (reason)
      *reason = why.str();
    return Support::None;
  };
  // The weakest of several requirements.
  auto both = [](Support a, Support b) { return a < b ? a : b; };
  for (Value v : op->getOperands())
    if (auto type = dyn_cast<RankedTensorType>(v.getType());
        type && type.getElementType().isUnsignedInteger(8) &&
        !unsignedActivations) {
      std::string typeName;
      llvm::raw_string_ostream(typeName) << type;
      return no("it takes i8 activations only, got '" + typeName + "'");
    }
  auto actOk = [&](int64_t lo, int64_t hi) {
    return !xnnpackLimits || lo < hi;
  };
  // The limits a conv and a linear share, on `s` (their support so far).
  auto convLike = [&](auto fused, Support s) {
    if (!actOk(static_cast<int64_t>(fused.getActMin()),
               static_cast<int64_t>(fused.getActMax())))
      return no("its activation range is a single value");
    if (xnnpackLimits && !convScalesOk(fused.getInputScale().convertToFloat(),
                                       fused.getWeightScales(),
                                       fused.getOutputScale().convertToFloat()))
      return no("its requantization scale is outside [2^-32, 256)");
    return s;
  };
  return TypeSwitch<Operation *, Support>(op)
      .Case([&](QConv2dOp conv) {
        Support s = conv.getGroups() == 1 ? conv2d
                    : isDepthwise(conv)   ? depthwiseConv
                                          : groupedConv;
        if (s == Support::None)
          return no(conv.getGroups() == 1 ? "no convolutions"
                                          : "no grouped convolutions");
        if (conv.getResidual()) {
          s = both(s, residualConv);
          if (s == Support::None)
            return no("no residual sum post-op");
        }
        return convLike(conv, s);
      })
      .Case([&](QLinearOp fc) {
        Support s =
            fc.getWeightScales().size() == 1 ? linear : perChannelLinear;
        if (s == Support::None)
          return no(fc.getWeightScales().size() == 1
                        ? "no fully connected operator"
                        : "no per-channel fully connected operator");
        if (fc.getPostOp()) {
          s = both(s, linearPostOp);
          if (s == Support::None)
            return no("no fused " + stringifyPostOpKind(*fc.getPostOp()));
        }
        return convLike(fc, s);
      })
      .Case<QAddOp, QMulOp>([&](Operation *bin) {
        bool product = isa<QMulOp>(bin);
        Support s = product ? mul : add;
        if (s == Support::None)
          return no(product ? "no quantized multiply" : "no quantized add");
        auto attr = [&](StringRef name) {
          return cast<FloatAttr>(bin->getAttr(name)).getValueAsDouble();
        };
        auto intAttr = [&](StringRef name) {
          return cast<IntegerAttr>(bin->getAttr(name)).getInt();
        };
        if (!actOk(intAttr("act_min"), intAttr("act_max")))
          return no("its activation range is a single value");
        if (!xnnpackLimits)
          return s;
        double a = attr("lhs_scale"), b = attr("rhs_scale"),
               o = attr("output_scale");
        bool ok = product ? inRange(a * b / o, 0x1.0p-16, 256.0)
                          : inRange(a / o, 0x1.0p-10, 256.0) &&
                                inRange(b / o, 0x1.0p-10, 256.0);
        return ok ? s
                  : no("its requantization scales are outside the "
                       "operator's ranges");
      })
      .Case([&](QMaxPool2dOp pool) {
        if (maxPool == Support::None)
          return no("no quantized max pooling");
        if (xnnpackLimits && pool.getKernel()[0] * pool.getKernel()[1] <= 1)
          return no("a 1x1 max pooling window");
        return maxPool;
      })
      .Case([&](QAvgPool2dOp pool) {
        bool global = isGlobalPool(pool);
        Support s = global ? globalAvgPool : avgPool;
        if (s == Support::None)
          return no(global ? "no global average pooling"
                           : "no windowed average pooling");
        if (!actOk(static_cast<int64_t>(pool.getActMin()),
                   static_cast<int64_t>(pool.getActMax())))
          return no("its activation range is a single value");
        if (xnnpackLimits &&
            !inRange(pool.getInputScale().convertToDouble() /
                         pool.getOutputScale().convertToDouble(),
                     0x1.0p-8, 256.0))
          return no("its requantization scale is outside [2^-8, 256)");
        return s;
      })
      .Case([&](QCatOp) {
        return cat == Support::None ? no("no quantized concat") : cat;
      })
      .Case([&](QLookupOp) {
        return lookup == Support::None ? no("no lookup tables") : lookup;
      })
      .Default([&](Operation *) { return no("not a fused quantized op"); });
}
