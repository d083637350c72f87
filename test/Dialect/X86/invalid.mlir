// RUN: quant-opt %s -split-input-file -verify-diagnostics

// Lanes other than 8 or 16.
func.func @lanes(%acc: vector<4xi32>, %a: vector<16xi8>) -> vector<4xi32> {
  // expected-error @+1 {{operand #0 must be vector of 32-bit signless integer values of length 8/16}}
  %0 = qpt2e_x86.vpdpbusd %acc, %a, %a : vector<16xi8> -> vector<4xi32>
  return %0 : vector<4xi32>
}

// -----

// Bytes that are not four per accumulator lane.
func.func @bytes(%acc: vector<16xi32>, %a: vector<32xi8>) -> vector<16xi32> {
  // expected-error @+1 {{`a` has four bytes per lane of `acc`}}
  %0 = qpt2e_x86.vpdpbusd %acc, %a, %a : vector<32xi8> -> vector<16xi32>
  return %0 : vector<16xi32>
}

// -----

// Byte operands of another element type.
func.func @elements(%acc: vector<16xi32>, %a: vector<64xi16>) -> vector<16xi32> {
  // expected-error @+1 {{operand #1 must be vector of 8-bit signless integer values of length 32/64}}
  %0 = qpt2e_x86.vpdpbusd %acc, %a, %a : vector<64xi16> -> vector<16xi32>
  return %0 : vector<16xi32>
}
