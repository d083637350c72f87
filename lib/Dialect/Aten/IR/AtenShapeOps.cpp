//===- AtenShapeOps.cpp - cat, layout, slices, norms, softmax ------------===//

#include "AtenShapeUtils.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "quant-pt2e/IR/ShapeLimits.h"

#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::aten;
using mlir::quant_pt2e::CheckedInt;

//===----------------------------------------------------------------------===//
// CatOp
//===----------------------------------------------------------------------===//

LogicalResult CatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "requires at least one input";
  auto first = cast<RankedTensorType>(getInputs().front().getType());
  int64_t rank = first.getRank();
  FailureOr<int64_t> dim =
      normalizeDim(*this, static_cast<int64_t>(getDim()), rank, "dim");
  if (failed(dim))
    return failure();
  SmallVector<DimSize> expected(first.getShape());
  for (auto [index, value] : llvm::enumerate(getInputs().drop_front())) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() != rank || type.getElementType() != first.getElementType())
      return emitOpError() << "input #" << index + 1
                           << " must have the rank and element type of input "
                              "#0";
    for (int64_t i = 0; i < rank; ++i) {
      DimSize size = type.getDimSize(i);
      if (i == *dim) {
        if (!isStatic(expected[i]) || !isStatic(size)) {
          expected[i] = ShapedType::kDynamic;
          continue;
        }
        std::optional<int64_t> sum = (CheckedInt(expected[i]) + size).get();
        if (!sum)
          return emitOpError() << "the concatenated size of dimension " << i
                               << " overflows int64";
        expected[i] = *sum;
      } else if (isStatic(size) && isStatic(expected[i]) &&
                 size != expected[i]) {
        return emitOpError() << "input #" << index + 1 << " has size " << size
                             << " in dimension " << i << ", expected "
                             << expected[i];
      }
    }
  }
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// PermuteOp
//===----------------------------------------------------------------------===//

LogicalResult PermuteOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(getDims().size()) != rank)
    return emitOpError() << "dims has " << getDims().size()
                         << " entries but the input has rank " << rank;
  llvm::SmallSet<int64_t, 4> seen;
  SmallVector<DimSize> expected;
  for (int64_t dim : getDims()) {
    FailureOr<int64_t> d = normalizeDim(*this, dim, rank, "dim");
    if (failed(d))
      return failure();
    if (!seen.insert(*d).second)
      return emitOpError() << "dims is not a permutation: " << dim
                           << " repeats";
    expected.push_back(input.getDimSize(*d));
  }
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 1)
    return emitOpError() << "requires an input of rank >= 1";
  FailureOr<int64_t> dim = normalizeDim(*this, static_cast<int64_t>(getDim()),
                                        input.getRank(), "dim");
  if (failed(dim))
    return failure();
  int64_t start = static_cast<int64_t>(getStart());
  int64_t end = static_cast<int64_t>(getEnd());
  int64_t step = static_cast<int64_t>(getStep());
  if (step < 1)
    return emitOpError() << "step must be >= 1, got " << step;
  if (start < 0 || end < start)
    return emitOpError() << "requires 0 <= start <= end, got start " << start
                         << " and end " << end;
  DimSize size = input.getDimSize(*dim);
  if (isStatic(size) && end > size)
    return emitOpError() << "end " << end << " exceeds the size " << size
                         << " of dimension " << *dim;
  SmallVector<DimSize> expected(input.getShape());
  // ceil((end - start) / step) without overflow: end - start >= 0.
  expected[*dim] = (end - start) / step + ((end - start) % step != 0);
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::verify() {
  RankedTensorType input = getInput().getType();
  ArrayRef<int64_t> size = getSize();
  int64_t rank = input.getRank();
  int64_t newDims = static_cast<int64_t>(size.size()) - rank;
  if (newDims < 0)
    return emitOpError() << "size has " << size.size()
                         << " entries, fewer than the input's rank " << rank;
  SmallVector<DimSize> expected;
  for (auto [index, want] : llvm::enumerate(size)) {
    int64_t i = static_cast<int64_t>(index);
    if (i < newDims) {
      if (want < 0)
        return emitOpError() << "new leading dimension " << i
                             << " must have a size >= 0, got " << want;
      expected.push_back(want);
      continue;
    }
    DimSize have = input.getDimSize(i - newDims);
    if (want == -1) {
      expected.push_back(have);
      continue;
    }
    if (want < 0)
      return emitOpError() << "size entries must be >= -1, got " << want;
    if (isStatic(have) && have != 1 && have != want)
      return emitOpError() << "cannot expand dimension " << i - newDims
                           << " of size " << have << " to " << want;
    expected.push_back(want);
  }
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// ViewOp / ReshapeOp
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy>
LogicalResult verifyReshape(OpTy op) {
  RankedTensorType input = op.getInput().getType();
  SmallVector<DimSize> expected;
  std::optional<size_t> inferred;
  CheckedInt known = 1;
  for (auto [index, size] : llvm::enumerate(op.getSize())) {
    if (size == -1) {
      if (inferred)
        return op.emitOpError() << "size has more than one -1";
      inferred = index;
      expected.push_back(ShapedType::kDynamic);
      continue;
    }
    if (size < 0)
      return op.emitOpError() << "size entries must be >= -1, got " << size;
    known = known * size;
    expected.push_back(size);
  }
  if (!known.get())
    return op.emitOpError() << "the number of elements of size overflows "
                               "int64";
  FailureOr<std::optional<int64_t>> count =
      numElements(op, input.getShape(), "the input");
  if (failed(count))
    return failure();
  if (int64_t sizeCount = *known.get(); *count) {
    if (inferred) {
      if (sizeCount == 0 || **count % sizeCount != 0)
        return op.emitOpError() << "cannot infer the -1 size: " << **count
                                << " elements do not divide into "
                                << sizeCount;
      expected[*inferred] = **count / sizeCount;
    } else if (sizeCount != **count) {
      return op.emitOpError() << "size has " << sizeCount
                              << " elements but the input has " << **count;
    }
  }
  return verifyShape(op, expected, op.getResult().getType());
}
} // namespace

LogicalResult ViewOp::verify() { return verifyReshape(*this); }
LogicalResult ReshapeOp::verify() { return verifyReshape(*this); }

//===----------------------------------------------------------------------===//
// FlattenOp / SqueezeOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  FailureOr<int64_t> start = normalizeDim(
      *this, static_cast<int64_t>(getStartDim()), rank, "start_dim");
  FailureOr<int64_t> end =
      normalizeDim(*this, static_cast<int64_t>(getEndDim()), rank, "end_dim");
  if (failed(start) || failed(end))
    return failure();
  if (*start > *end)
    return emitOpError() << "start_dim must not come after end_dim";
  if (rank == 0)
    return verifyShape(*this, {1}, getResult().getType());
  SmallVector<DimSize> expected(input.getShape().take_front(*start));
  FailureOr<std::optional<int64_t>> merged =
      numElements(*this, input.getShape().slice(*start, *end - *start + 1),
                  "the flattened dimensions");
  if (failed(merged))
    return failure();
  expected.push_back(*merged ? **merged : ShapedType::kDynamic);
  llvm::append_range(expected, input.getShape().drop_front(*end + 1));
  return verifyShape(*this, expected, getResult().getType());
}

LogicalResult SqueezeOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  llvm::SmallSet<int64_t, 4> selected;
  if (std::optional<ArrayRef<int64_t>> dims = getDims()) {
    for (int64_t dim : *dims) {
      FailureOr<int64_t> d = normalizeDim(*this, dim, rank, "dim");
      if (failed(d))
        return failure();
      selected.insert(*d);
    }
  }
  SmallVector<DimSize> expected;
  for (int64_t i = 0; i < rank; ++i) {
    DimSize size = input.getDimSize(i);
    bool candidate = !getDims() || selected.contains(i);
    if (candidate && !isStatic(size))
      return emitOpError() << "cannot squeeze dimension " << i
                           << " of unknown size";
    if (!(candidate && size == 1))
      expected.push_back(size);
  }
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  ArrayRef<int64_t> pad = getPad();
  if (pad.size() % 2 != 0 || static_cast<int64_t>(pad.size()) > 2 * rank)
    return emitOpError() << "pad must hold (before, after) pairs for at most "
                         << rank << " dimensions, got " << pad.size()
                         << " entries";
  PadMode mode = getMode();
  if (mode != PadMode::constant && getValue().convertToDouble() != 0.0)
    return emitOpError() << "value applies only to constant padding";
  SmallVector<DimSize> expected(input.getShape());
  for (size_t pair = 0; pair < pad.size() / 2; ++pair) {
    int64_t dim = rank - 1 - static_cast<int64_t>(pair);
    int64_t before = pad[2 * pair], after = pad[2 * pair + 1];
    DimSize size = input.getDimSize(dim);
    if (mode != PadMode::constant && (before < 0 || after < 0))
      return emitOpError() << "negative padding is only allowed in constant "
                              "mode";
    if (!isStatic(size))
      continue;
    if (mode == PadMode::reflect && (before >= size || after >= size))
      return emitOpError() << "reflect padding (" << before << ", " << after
                           << ") must be smaller than dimension " << dim
                           << " of size " << size;
    if (mode == PadMode::replicate && size == 0)
      return emitOpError() << "replicate padding needs a non-empty dimension";
    std::optional<int64_t> padded =
        (CheckedInt(size) + before + after).get();
    if (!padded)
      return emitOpError() << "padding dimension " << dim
                           << " overflows int64";
    expected[dim] = *padded;
    if (expected[dim] < 0)
      return emitOpError() << "padding makes dimension " << dim << " negative";
  }
  return verifyShape(*this, expected, getResult().getType());
}

//===----------------------------------------------------------------------===//
// EmbeddingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::verify() {
  RankedTensorType weight = getWeight().getType();
  if (weight.getRank() != 2)
    return emitOpError() << "weight must be [num_embeddings, embedding_dim], "
                            "got rank "
                         << weight.getRank();
  int64_t paddingIdx = static_cast<int64_t>(getPaddingIdx());
  DimSize rows = weight.getDimSize(0);
  if (paddingIdx != -1 && isStatic(rows) &&
      (paddingIdx < -rows || paddingIdx >= rows))
    return emitOpError() << "padding_idx " << paddingIdx
                         << " is outside the " << rows << " embeddings";
  SmallVector<DimSize> expected(getIndices().getType().getShape());
  expected.push_back(weight.getDimSize(1));
  return verifyShape(*this, expected, getResult().getType());
}

std::optional<unsigned> EmbeddingOp::getWeightOperandIndex() { return 0; }
int64_t EmbeddingOp::getWeightOutputChannelAxis() { return 0; }
std::optional<unsigned> EmbeddingOp::getBiasOperandIndex() {
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::verify() {
  RankedTensorType input = getInput().getType();
  ArrayRef<int64_t> normalized = getNormalizedShape();
  if (normalized.empty() ||
      static_cast<int64_t>(normalized.size()) > input.getRank())
    return emitOpError() << "normalized_shape must have 1 to " << input.getRank()
                         << " entries";
  ArrayRef<DimSize> trailing = input.getShape().take_back(normalized.size());
  for (auto [got, want] : llvm::zip(trailing, normalized))
    if (isStatic(got) && got != want)
      return emitOpError() << "trailing input dimensions do not match "
                              "normalized_shape";
  for (Value param : {getWeight(), getBias()})
    if (param && failed(verifyShape(*this, normalized,
                                    cast<ShapedType>(param.getType()),
                                    "weight/bias")))
      return failure();
  if (!(getEps().convertToDouble() > 0.0))
    return emitOpError() << "eps must be positive";
  if (getResult().getType() != input)
    return emitOpError() << "result type must equal the input type";
  return success();
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 1)
    return emitOpError() << "requires an input of rank >= 1";
  return normalizeDim(*this, static_cast<int64_t>(getDim()), input.getRank(),
                      "dim");
}
