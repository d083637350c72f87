//===- Passes.td - quant-pt2e dialect-independent passes ---*- tablegen -*-===//

#ifndef QUANT_PT2E_TRANSFORMS_PASSES_TD
#define QUANT_PT2E_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ParallelInnermost : Pass<"quant-pt2e-parallel-innermost", "func::FuncOp"> {
  let summary = "Reorder linalg loops so that reductions are outside the "
                "innermost parallel dimension";
  let description = [{
    Generalizes every linalg op that has reduction iterators and interchanges
    its loops to `[parallel..., reductions..., last parallel]`. After
    `convert-linalg-to-loops`, the innermost loop then walks the contiguous
    output dimension (the output width of a convolution or pooling, the
    columns of a matmul) with no floating-point reduction in it, so LLVM can
    vectorize it without reassociating sums: results stay bit-identical to
    the original loop order's per-element summation order over the
    reduction dimensions.

    Example: `linalg.conv_2d_nchw_fchw` iterates (n, f, oh, ow, c, kh, kw);
    afterwards the generic iterates (n, f, oh, c, kh, kw, ow).
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def SequentialInnerParallel
    : Pass<"quant-pt2e-sequential-inner-parallel", "func::FuncOp"> {
  let summary = "Make scf.parallel loops nested in another scf.parallel, "
                "and the trailing dimensions of outer ones, sequential";
  let description = [{
    Rewrites every `scf.parallel` without reductions that sits inside another
    `scf.parallel` into a nest of `scf.for` loops, so that only the
    outermost band of each loop nest is distributed over threads (one
    OpenMP parallel region per linalg op instead of one per inner row).
    An outermost multi-dimensional `scf.parallel` keeps parallel only its
    leading dimensions up to the first that gives 64 or more iterations
    (or has no constant trip count); the others become `scf.for` loops
    inside. Collapsed into one OpenMP loop, every dimension's index was
    recomputed per element and the rows stayed scalar: ResNet-18's input
    quantize and NCHW -> NHWC transpose took 6% of its 2-thread time.

    Example:

    ```mlir
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      scf.parallel (%j) = (%c0) to (%m) step (%c1) { ... }
    }
    // becomes
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      scf.for %j = %c0 to %m step %c1 { ... }
    }
    ```
  }];
  let dependentDialects = ["scf::SCFDialect"];
}

def FlattenConstantGlobals
    : Pass<"quant-pt2e-flatten-constant-globals", "ModuleOp"> {
  let summary = "Store constant memref globals of rank > 1 as 1-D arrays, "
                "wide elements as bytes";
  let description = [{
    Rewrites every constant `memref.global` of rank > 1 with an identity
    layout and a dense (or dense_resource) initial value into a 1-D global
    of the same elements, and every `memref.get_global` of it into a
    `get_global` of the 1-D one followed by a `memref.expand_shape` to the
    original shape. The data is the same bytes; only its LLVM type changes:
    a 1-D array becomes one LLVM constant, where a nested array type needs
    one constant per innermost row (1.6 million for ResNet-18's weights),
    which made the translation to LLVM IR and -O3 take seconds per model.
    A non-splat value of elements wider than a byte (the int16 weight
    panels, float constants; rank 1 included) is stored as its bytes, an
    `i8` global the readers `memref.view` as the element type: LLVM's code
    generator writes an `i8` array as one string and a wider one element
    by element (ResNet-18's layer4.0 3x3/2 conv on the vector lowering:
    -O3 and code generation 577 -> 343 ms).

    Example:

    ```mlir
    memref.global "private" constant @w : memref<2x3xi8> = dense<...>
    %0 = memref.get_global @w : memref<2x3xi8>
    // becomes
    memref.global "private" constant @w : memref<6xi8> = dense<...>
    %1 = memref.get_global @w : memref<6xi8>
    %0 = memref.expand_shape %1 [[0, 1]] output_shape [2, 3]
        : memref<6xi8> into memref<2x3xi8>
    ```
  }];
  let dependentDialects = ["arith::ArithDialect", "memref::MemRefDialect"];
}

def OutlineLoopNests : Pass<"quant-pt2e-outline-loop-nests", "ModuleOp"> {
  let summary = "Move each top-level loop nest of a public function into a "
                "function of its own";
  let description = [{
    Every `scf.for` / `scf.parallel` directly in the body of a public
    `func.func` (a model's entry: one loop nest per op that no backend
    took) becomes a call of a new private function holding the nest, with
    the values it uses as arguments; the new functions are marked
    `noinline`. LLVM's loop passes (induction-variable simplification,
    vectorization, rotation) cost grows with the size of the function they
    run in, once per loop: DenseNet-121's entry, one function of 100,000
    lines, took 150 s at -O3, its outlined form a few seconds. The code of
    each nest is unchanged. A nest that uses or yields values no call can
    pass (AMX tiles, which live only in tile registers) stays in place.

    Example:

    ```mlir
    func.func @forward(%a: memref<4xf32>) {
      scf.for %i = %c0 to %c4 step %c1 { ... %a ... }
      return
    }
    // becomes
    func.func @forward(%a: memref<4xf32>) {
      scf.execute_region {
        func.call @forward_nest_0(%a) : (memref<4xf32>) -> ()
        scf.yield
      }
      return
    }
    func.func private @forward_nest_0(%a: memref<4xf32>)
        attributes {passthrough = ["noinline"]} { scf.for ... }
    ```
  }];
  let dependentDialects = ["scf::SCFDialect", "func::FuncDialect"];
}

def GeneralizeTransposes
    : Pass<"quant-pt2e-generalize-transposes", "func::FuncOp"> {
  let summary = "Rewrite linalg.transpose ops on tensors as linalg.generic "
                "ops, so that element-wise fusion can fold them";
  let description = [{
    Every `linalg.transpose` with tensor semantics becomes the equivalent
    `linalg.generic` (its input read through the permutation, its output
    through the identity); no other named op is touched. After it,
    `linalg-fuse-elementwise-ops` fuses a transpose into the element-wise
    generic that reads it, or an element-wise producer into the transpose,
    so that a layout change between two element-wise steps is no tensor of
    its own: the generic reads one layout and writes the other. The values
    are the same bytes, only moved. Where a backend's kernels run on NHWC
    bytes and float steps between them on NCHW values (EfficientNet-B0's
    squeeze-excitation blocks: 15 MB of transposed bytes per inference),
    each such step then reads and writes the kernels' layout directly.

    Example:

    ```mlir
    %t = linalg.transpose ins(%x : tensor<1x4x4x8xi8>)
        outs(%e : tensor<1x8x4x4xi8>) permutation = [0, 3, 1, 2]
    // becomes
    %t = linalg.generic {indexing_maps = [
        affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>,
        affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%x : tensor<1x4x4x8xi8>) outs(%e : tensor<1x8x4x4xi8>) {
      ^bb0(%in: i8, %out: i8):
        linalg.yield %in : i8
    } -> tensor<1x8x4x4xi8>
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def StridedCopiesToLinalg
    : Pass<"quant-pt2e-strided-copies-to-linalg", "func::FuncOp"> {
  let summary = "Rewrite memref.copy ops between non-contiguous memrefs as "
                "linalg.copy, so that they lower to loops, not to a runtime "
                "call";
  let description = [{
    A `memref.copy` whose source or target is not a static, contiguous
    row-major memref (a channel slice of an NHWC buffer, written by
    bufferizing `tensor.concat` or `tensor.insert_slice`) lowers to a call
    of the generic `memrefCopy` runtime function, which walks the strided
    descriptors one element at a time. As `linalg.copy` it becomes a loop
    nest under `convert-linalg-to-loops`, whose innermost loop runs over
    the contiguous dimension and which LLVM vectorizes: SqueezeNet's eight
    fire-module concats on the vector lowering took 3.5 ms that way, most of
    the model. Contiguous copies stay `memref.copy` (one memcpy).

    Example:

    ```mlir
    memref.copy %a, %slice : memref<1x55x55x64xi8>
        to memref<1x55x55x64xi8, strided<[387200, 7040, 128, 1], offset: 64>>
    // becomes
    linalg.copy ins(%a : memref<1x55x55x64xi8>) outs(%slice : memref<1x55x55x64xi8,
        strided<[387200, 7040, 128, 1], offset: 64>>)
    ```
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

#endif // QUANT_PT2E_TRANSFORMS_PASSES_TD
