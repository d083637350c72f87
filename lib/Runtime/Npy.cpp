//===- Npy.cpp - .npy file reading and writing ----------------------------===//

#include "quant-pt2e/Runtime/Npy.h"

#include <cstring>
#include <fstream>

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
/// A strict reader of the header dict numpy writes: {'descr': '<f4',
/// 'fortran_order': False, 'shape': (1, 3), } with Python literal syntax,
/// each key exactly once, nothing but padding after the closing brace.
class HeaderParser {
public:
  HeaderParser(const std::string &text, std::string &error)
      : text(text), error(error) {}

  bool parse(Array &array) {
    bool seenDescr = false, seenOrder = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("the header is not a dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("a header key is not a string");
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'");
      skipSpace();
      if (key == "descr") {
        std::string descr;
        if (seenDescr || !parseString(descr) || !parseDescr(descr, array.dtype))
          return fail("unsupported or repeated 'descr' (expected one of <f4, "
                      "<f8, |i1, |u1, <i4, <i8)");
        seenDescr = true;
      } else if (key == "fortran_order") {
        if (seenOrder)
          return fail("'fortran_order' appears twice");
        if (consumeWord("True"))
          return fail("the array is in Fortran order; save it in C order");
        if (!consumeWord("False"))
          return fail("'fortran_order' must be True or False");
        seenOrder = true;
      } else if (key == "shape") {
        if (seenShape || !parseShape(array.shape))
          return false;
        seenShape = true;
      } else {
        return fail("unknown header key '" + key + "'");
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}' after '" + key + "'");
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected characters after the header dict");
    if (!seenDescr || !seenOrder || !seenShape)
      return fail("the header needs 'descr', 'fortran_order' and 'shape'");
    return true;
  }

private:
  bool fail(const std::string &message) {
    if (error.empty())
      error = message;
    return false;
  }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                 text[pos] == '\t' || text[pos] == '\r'))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    size_t len = std::strlen(word);
    if (text.compare(pos, len, word) != 0)
      return false;
    pos += len;
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos];
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }
  /// A tuple of non-negative decimal integers: (), (5,), (1, 3).
  bool parseShape(std::vector<int64_t> &shape) {
    shape.clear();
    if (!consume('('))
      return fail("'shape' must be a tuple");
    skipSpace();
    if (consume(')'))
      return true;
    while (true) {
      size_t start = pos;
      int64_t dim = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (__builtin_mul_overflow(dim, 10, &dim) ||
            __builtin_add_overflow(dim, text[pos] - '0', &dim))
          return fail("a dimension of 'shape' overflows int64");
        ++pos;
      }
      if (pos == start)
        return fail("'shape' entries must be non-negative integers");
      shape.push_back(dim);
      skipSpace();
      bool comma = consume(',');
      skipSpace();
      if (consume(')')) {
        if (shape.size() == 1 && !comma)
          return fail("'shape' must be a tuple, e.g. (5,)");
        return true;
      }
      if (!comma)
        return fail("'shape' entries must be non-negative integers separated "
                    "by commas");
    }
  }
  static bool parseDescr(const std::string &text, DType &dtype) {
    static const std::pair<const char *, DType> kinds[] = {
        {"<f4", DType::F32}, {"<f8", DType::F64}, {"|i1", DType::I8},
        {"|u1", DType::U8},  {"<i4", DType::I32}, {"<i8", DType::I64}};
    for (auto [name, kind] : kinds)
      if (text == name) {
        dtype = kind;
        return true;
      }
    return false;
  }

  const std::string &text;
  std::string &error;
  size_t pos = 0;
};
} // namespace

bool qpt2e::npy::parse(const char *data, size_t size, const std::string &name,
                       Array &array, std::string &error) {
  if (size < 8 || std::memcmp(data, "\x93NUMPY", 6) != 0) {
    error = "'" + name + "' is not an .npy file (bad magic)";
    return false;
  }
  int major = static_cast<unsigned char>(data[6]);
  size_t lenSize = major == 1 ? 2 : 4;
  if (major < 1 || major > 3 || size < 8 + lenSize) {
    error = "'" + name + "' has an unsupported .npy version";
    return false;
  }
  size_t headerLen = 0;
  for (size_t i = lenSize; i-- > 0;)
    headerLen = headerLen * 256 + static_cast<unsigned char>(data[8 + i]);
  size_t dataStart = 8 + lenSize + headerLen;
  if (headerLen > (1u << 20) || dataStart > size) {
    error = "'" + name + "' is truncated in its header";
    return false;
  }
  std::string header(data + 8 + lenSize, headerLen), headerError;
  if (!HeaderParser(header, headerError).parse(array)) {
    error = "'" + name + "' has a malformed .npy header: " + headerError;
    return false;
  }
  int64_t count = 1, bytes = 0;
  for (int64_t dim : array.shape)
    if (__builtin_mul_overflow(count, dim, &count)) {
      error = "'" + name + "': the number of elements overflows int64";
      return false;
    }
  if (__builtin_mul_overflow(count, static_cast<int64_t>(elementSize(array.dtype)),
                             &bytes)) {
    error = "'" + name + "': the data size overflows int64";
    return false;
  }
  // Checked before allocating: the file must hold exactly the data its
  // shape says, no less (truncated) and no more (trailing bytes).
  size_t available = size - dataStart;
  if (static_cast<uint64_t>(bytes) != available) {
    error = "'" + name + "' holds " + std::to_string(available) +
            " bytes of data but its shape needs " + std::to_string(bytes);
    return false;
  }
  array.data.assign(data + dataStart, data + size);
  return true;
}

bool qpt2e::npy::read(const std::string &path, Array &array,
                      std::string &error) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  std::streamoff size = in.tellg();
  in.seekg(0);
  std::vector<char> contents(size > 0 ? static_cast<size_t>(size) : 0);
  if (size < 0 || !in.read(contents.data(), size)) {
    error = "cannot read '" + path + "'";
    return false;
  }
  return parse(contents.data(), contents.size(), path, array, error);
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
