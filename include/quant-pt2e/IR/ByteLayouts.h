//===- ByteLayouts.h - NCHW <-> NHWC moves of 8-bit tensors -----*- C++ -*-===//
//
// One home of the layout moves the int8 region needs: fuse-qdq wraps a
// channels-last client's ops in them, the call-site builder moves values
// between the fused ops' NCHW and the backends' NHWC. A transpose of bytes
// is exact: values move, none changes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_IR_BYTELAYOUTS_H
#define QUANT_PT2E_IR_BYTELAYOUTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::quant_pt2e {

/// Permutations of a 4-d tensor: NCHW -> NHWC and NHWC -> NCHW.
inline constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
inline constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// `type` with its dimensions permuted by `perm`.
RankedTensorType permutedType(RankedTensorType type, ArrayRef<int64_t> perm);

/// linalg.transpose(v, perm) of an 8-bit tensor's bytes: ui8 values are
/// bitcast to i8 around the transpose (the reference lowering makes tensors
/// signless, and linalg ops on ui8 tensors would stay behind).
Value transposeBytes(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> perm);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_IR_BYTELAYOUTS_H
