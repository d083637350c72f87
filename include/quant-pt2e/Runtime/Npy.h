//===- Npy.h - .npy file reading and writing --------------------*- C++ -*-===//
//
// NumPy .npy (format 1.0 / 2.0) arrays in C order, little endian: f4, f8,
// i1, u1, i4, i8. Plain C++, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_RUNTIME_NPY_H
#define QUANT_PT2E_RUNTIME_NPY_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace qpt2e::npy {

/// Element kinds an .npy file may hold.
enum class DType { F32, F64, I8, U8, I32, I64 };

/// Bytes per element of `dtype`.
size_t elementSize(DType dtype);
/// The numpy descr string, e.g. "<f4".
const char *descr(DType dtype);

/// An array read from or written to an .npy file.
struct Array {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const;
};

/// Parses the `size` bytes of an .npy file at `data` (`name` is used in
/// messages). The header is read strictly (numpy's dict literal, C order,
/// integer shape) and the data must have exactly the size the shape says;
/// nothing is allocated before that is checked. On failure returns false
/// and sets `error`.
bool parse(const char *data, size_t size, const std::string &name,
           Array &array, std::string &error);
/// Reads and parses `path` as `parse` does.
bool read(const std::string &path, Array &array, std::string &error);
/// Writes `array` to `path`; on failure returns false and sets `error`.
bool write(const std::string &path, const Array &array, std::string &error);

} // namespace qpt2e::npy

#endif // QUANT_PT2E_RUNTIME_NPY_H
