// RUN: quant-opt %s | quant-opt | FileCheck %s
// RUN: quant-opt %s --convert-to-llvm | FileCheck %s --check-prefix=LLVM

// Round trip, and the lowering through convert-to-llvm (the dialect's
// ConvertToLLVMPatternInterface): the zmm and the ymm intrinsic.
// CHECK-LABEL: func.func @dot
// CHECK: qpt2e_x86.vpdpbusd %{{.+}}, %{{.+}}, %{{.+}} : vector<64xi8> -> vector<16xi32>
// CHECK: qpt2e_x86.vpdpbusd %{{.+}}, %{{.+}}, %{{.+}} : vector<32xi8> -> vector<8xi32>
// LLVM-LABEL: llvm.func @dot
// LLVM: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.+}}, %{{.+}}, %{{.+}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// LLVM: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%{{.+}}, %{{.+}}, %{{.+}}) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// LLVM-NOT: qpt2e_x86.
func.func @dot(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>,
               %acc8: vector<8xi32>, %a8: vector<32xi8>, %b8: vector<32xi8>)
    -> (vector<16xi32>, vector<8xi32>) {
  %0 = qpt2e_x86.vpdpbusd %acc, %a, %b : vector<64xi8> -> vector<16xi32>
  %1 = qpt2e_x86.vpdpbusd %acc8, %a8, %b8 : vector<32xi8> -> vector<8xi32>
  return %0, %1 : vector<16xi32>, vector<8xi32>
}
