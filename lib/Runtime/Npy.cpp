//===- Npy.cpp - .npy file reading and writing ----------------------------===//

#include "quant-pt2e/Runtime/Npy.h"

#include <cstring>
#include <fstream>
#include <sstream>

using namespace qpt2e::npy;

size_t qpt2e::npy::elementSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I8:
  case DType::U8:
    return 1;
  }
  return 0;
}

const char *qpt2e::npy::descr(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I8:
    return "|i1";
  case DType::U8:
    return "|u1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  }
  return "";
}

int64_t Array::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

namespace {
/// Value of `key` in the header dict, as the raw text after the colon.
bool findValue(const std::string &header, const std::string &key,
               std::string &value) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return false;
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return false;
  value = header.substr(pos + 1);
  return true;
}

bool parseDescr(const std::string &text, DType &dtype) {
  static const std::pair<const char *, DType> kinds[] = {
      {"<f4", DType::F32}, {"<f8", DType::F64}, {"|i1", DType::I8},
      {"|u1", DType::U8},  {"<i4", DType::I32}, {"<i8", DType::I64}};
  for (auto [name, kind] : kinds)
    if (text.find(std::string("'") + name + "'") == 0 ||
        text.find(std::string(" '") + name + "'") == 0) {
      dtype = kind;
      return true;
    }
  return false;
}
} // namespace

bool qpt2e::npy::read(const std::string &path, Array &array,
                      std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
    error = "'" + path + "' is not an .npy file (bad magic)";
    return false;
  }
  uint32_t headerLen = 0;
  unsigned char lenBytes[4] = {0, 0, 0, 0};
  int lenSize = magic[6] == 1 ? 2 : 4;
  if (magic[6] < 1 || magic[6] > 3 ||
      !in.read(reinterpret_cast<char *>(lenBytes), lenSize)) {
    error = "'" + path + "' has an unsupported .npy version";
    return false;
  }
  for (int i = lenSize - 1; i >= 0; --i)
    headerLen = headerLen * 256 + lenBytes[i];
  if (headerLen > (1u << 20)) {
    error = "'" + path + "' has an implausible .npy header";
    return false;
  }
  std::string header(headerLen, '\0');
  if (!in.read(header.data(), headerLen)) {
    error = "'" + path + "' is truncated in its header";
    return false;
  }
  std::string value;
  if (!findValue(header, "descr", value) || !parseDescr(value, array.dtype)) {
    error = "'" + path + "' has an unsupported dtype (expected one of f4, f8, "
            "i1, u1, i4, i8, little endian)";
    return false;
  }
  if (!findValue(header, "fortran_order", value) ||
      value.find("False") > value.find(',')) {
    error = "'" + path + "' is in Fortran order; save it in C order";
    return false;
  }
  if (!findValue(header, "shape", value) || value.find('(') == std::string::npos) {
    error = "'" + path + "' has no shape in its header";
    return false;
  }
  array.shape.clear();
  std::string dims = value.substr(value.find('(') + 1,
                                  value.find(')') - value.find('(') - 1);
  std::stringstream stream(dims);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.find_first_not_of(" ") == std::string::npos)
      continue;
    char *end = nullptr;
    long long dim = std::strtoll(item.c_str(), &end, 10);
    if (dim < 0) {
      error = "'" + path + "' has a negative dimension";
      return false;
    }
    array.shape.push_back(dim);
  }
  size_t bytes = static_cast<size_t>(array.numElements()) *
                 elementSize(array.dtype);
  array.data.resize(bytes);
  if (bytes && !in.read(array.data.data(), bytes)) {
    error = "'" + path + "' is truncated: expected " + std::to_string(bytes) +
            " bytes of data";
    return false;
  }
  return true;
}

bool qpt2e::npy::write(const std::string &path, const Array &array,
                       std::string &error) {
  // Python tuple syntax: (), (5,), (1, 3, 224, 224).
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(array.shape[i]);
  shape += array.shape.size() == 1 ? ",)" : ")";
  std::string header = std::string("{'descr': '") + descr(array.dtype) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so that magic (6) + version (2) + length (2) + header is a multiple
  // of 64, ending with a newline.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    error = "cannot write '" + path + "'";
    return false;
  }
  out.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = static_cast<uint16_t>(header.size());
  char lenBytes[2] = {static_cast<char>(len & 0xff),
                      static_cast<char>(len >> 8)};
  out.write(lenBytes, 2);
  out.write(header.data(), header.size());
  out.write(array.data.data(), array.data.size());
  if (!out) {
    error = "failed writing '" + path + "'";
    return false;
  }
  return true;
}
