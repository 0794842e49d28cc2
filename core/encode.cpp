// SPDX-License-Identifier: MIT
#include "encode.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "mask_select.hpp"
#include "reed_solomon.hpp"

extern "C" {
#include "qrencode.h"
#include "qrinput.h"
#include "qrspec.h"
#include "split.h"
}

namespace qredge {
namespace {

QRecLevel to_qr_level(Ecc ecc) {
  switch (ecc) {
    case Ecc::L: return QR_ECLEVEL_L;
    case Ecc::M: return QR_ECLEVEL_M;
    case Ecc::Q: return QR_ECLEVEL_Q;
    case Ecc::H: return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_Q;
}

using InputPtr = std::unique_ptr<QRinput, decltype(&QRinput_free)>;

using FramePtr = std::unique_ptr<unsigned char, decltype(&std::free)>;

// The symbol before masking, as libqrencode's QRcode_encodeMask(input, -2) builds it (the
// same bytes: tests/native/mask_select_test.cpp compares whole symbols).
struct Unmasked {
  int version = 0, width = 0;
  FramePtr frame{nullptr, &std::free};  // width * width bytes (MaskInput's frame)
};

// QRcode_encodeMask's placement of the interleaved data and EC codewords and the remainder
// bits (ISO/IEC 18004 §7.7.3): two-module-wide columns from the right edge, the first upwards,
// then alternating, the right module of a row before the left, function modules (bit 7)
// skipped, and the vertical timing pattern's column passed over (the strip left of it is
// columns 5 and 4). libqrencode walks the same path one module a call (FrameFiller_next);
// here the path is listed first and the bits then written along it. Bytes as libqrencode writes them: data bits 0 or 1, EC bits 0x02 | bit,
// remainder bits 0x02 (bit 0 is the module, the rest is never read past the mask choice).
void place_codewords(unsigned char* frame, int width, const std::uint8_t* codes, int data_codes, int all_codes,
                     int remainder) {
  // The data modules in placement order (offsets into the frame), then the bits into them.
  std::array<std::uint16_t, 177 * 177> order;
  int n = 0;
  bool up = true;
  for (int right = width - 1; right >= 1; right -= 2, up = !up) {
    if (right == 6) right = 5;
    for (int k = 0; k < width; ++k) {
      const int row = (up ? width - 1 - k : k) * width;
      if (!(frame[row + right] & 0x80)) order[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(row + right);
      if (!(frame[row + right - 1] & 0x80)) order[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(row + right - 1);
    }
  }
  int i = 0;
  for (int c = 0; c < all_codes && i + 8 <= n; ++c) {
    const unsigned code = codes[c];
    const unsigned ec = c < data_codes ? 0u : 0x02u;
    for (int b = 7; b >= 0; --b) frame[order[static_cast<std::size_t>(i++)]] = static_cast<unsigned char>(ec | ((code >> b) & 1u));
  }
  for (int r = 0; r < remainder && i < n; ++r) frame[order[static_cast<std::size_t>(i++)]] = 0x02;
}

// The codewords in placement order, as QRraw_new and QRraw_getCode give them: the data
// codewords of the blocks interleaved (the longer blocks' last codeword after all others),
// then their EC codewords interleaved, with detail::ReedSolomon for RSECC_encode. Returns the
// number of data codewords, or -1 (errno as libqrencode set it) when the input does not fit.
constexpr int kMaxCodewords = 3706;  // version 40
int codewords(QRinput* input, std::uint8_t* out, int& all_codes) {
  const std::unique_ptr<unsigned char, decltype(&std::free)> data(QRinput_getByteStream(input), &std::free);
  if (!data) return -1;
  int spec[5];
  QRspec_getEccSpec(input->version, input->level, spec);
  const int b1 = QRspec_rsBlockNum1(spec), d1 = QRspec_rsDataCodes1(spec), d2 = QRspec_rsDataCodes2(spec);
  const int blocks = QRspec_rsBlockNum(spec), el = QRspec_rsEccCodes1(spec);
  const int data_codes = QRspec_rsDataLength(spec), ecc_codes = QRspec_rsEccLength(spec);
  std::array<std::uint8_t, kMaxCodewords> ecc;
  auto block_start = [&](int b) { return b < b1 ? b * d1 : b1 * d1 + (b - b1) * d2; };
  const detail::ReedSolomon rs(el);
  for (int b = 0; b < blocks; ++b) rs.encode(data.get() + block_start(b), b < b1 ? d1 : d2, ecc.data() + b * el);
  // Column by column across the blocks (QRraw_getCode's count / blocks and count % blocks,
  // without the divisions); a block shorter than the column has no codeword in it.
  int k = 0;
  for (int col = 0; col < std::max(d1, d2); ++col)
    for (int row = 0; row < blocks; ++row)
      if (col < (row < b1 ? d1 : d2)) out[k++] = data.get()[block_start(row) + col];
  for (int col = 0; col < el; ++col)
    for (int row = 0; row < blocks; ++row) out[k++] = ecc[static_cast<std::size_t>(row * el + col)];
  all_codes = k;
  return k == data_codes + ecc_codes ? data_codes : -1;
}

// QRcode_encodeString(text, 0, level, QR_MODE_8, 1) without its mask selection: the same
// input splitting, codewords and frame (QRcode_encodeMask(input, -2)'s bytes), then
// detail::select_mask, which picks the mask
// libqrencode would pick (tests/native/mask_select_test.cpp checks that over many payloads) a
// word at a time. With `utf8_eci`, an ECI 000026 header comes first (ISO/IEC 18004 reads byte
// mode as ISO-8859-1 otherwise). An empty `frame` on failure (errno as libqrencode set it).
Unmasked encode_unmasked(const char* text, QRecLevel level, bool utf8_eci) {
  Unmasked out;
  InputPtr input(QRinput_new2(0, level), &QRinput_free);
  if (!input) return out;
  if (utf8_eci) {
    if (QRinput_appendECIheader(input.get(), 26) < 0) return out;
    // libqrencode 4.1.1 estimates an ECI entry as 12 bits plus 4 per byte of its 4-byte
    // number (QRinput_estimateBitStreamSizeOfEntry treats it like a data segment): 16 bits
    // too many, enough to pick a larger version or refuse a payload that fits. Size 0 makes
    // the estimate the exact 12 bits; the entry's bits are written from its data alone.
    input->tail->size = 0;
  }
  // After the ECI the whole text is one 8-bit segment, as ZXing's encoder writes it: OpenCV
  // 4.12's decoder (cv::QRCodeDetector) throws on a numeric or alphanumeric segment after an
  // ECI ("€ 1234567" did not read; 30 of its 35 misses of random plain codes). Without an ECI
  // digit and upper-case runs are packed denser, as libqrencode splits them.
  const int split = utf8_eci ? QRinput_append(input.get(), QR_MODE_8, static_cast<int>(std::strlen(text)),
                                              reinterpret_cast<const unsigned char*>(text))
                             : Split_splitStringToQRinput(text, input.get(), QR_MODE_8, 1);
  if (split < 0) return out;
  std::array<std::uint8_t, kMaxCodewords> codes;
  int all_codes = 0;
  const int data_codes = codewords(input.get(), codes.data(), all_codes);
  if (data_codes < 0) return out;
  FramePtr frame(QRspec_newFrame(input->version), &std::free);
  if (!frame) return out;
  out.version = input->version;
  out.width = QRspec_getWidth(input->version);
  place_codewords(frame.get(), out.width, codes.data(), data_codes, all_codes, QRspec_getRemainder(input->version));
  out.frame = std::move(frame);
  return out;
}

}  // namespace

bool needs_utf8_eci(std::string_view payload) {
  for (char c : payload)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

std::size_t max_payload_bytes(Ecc ecc, bool utf8_eci) {
  // Version 40 data codewords minus the 8-bit header (4 + 16 bits, rounded up) and, with an
  // ECI, its 12 bits more.
  const std::size_t eci = utf8_eci ? 1 : 0;
  switch (ecc) {
    case Ecc::L: return 2953 - eci;
    case Ecc::M: return 2331 - eci;
    case Ecc::Q: return 1663 - eci;
    case Ecc::H: return 1273 - eci;
  }
  return 0;
}

Result<ModuleGrid> encode(std::string_view payload, Ecc ecc, unsigned excluded_masks) {
  if (payload.empty()) return Error{"", "encode_failed", "the payload is empty"};
  // QRcode_encodeString wants a NUL-terminated string; payloads never hold NUL (validation
  // rejects control characters), so a copy with a terminator is exact.
  if (payload.find('\0') != std::string_view::npos)
    return Error{"", "encode_failed", "the payload contains a NUL byte"};
  const std::string text(payload);
  errno = 0;
  // Mode hint 8-bit with case sensitivity: libqrencode still splits digit and alphanumeric
  // runs into their denser modes, so the smallest version that fits is chosen.
  const QRecLevel level = to_qr_level(ecc);
  const bool eci = needs_utf8_eci(payload);
  const Unmasked qr = encode_unmasked(text.c_str(), level, eci);
  if (!qr.frame) {
    if (errno == ERANGE) {
      return Error{"", "data_too_long",
                   "the payload is " + std::to_string(payload.size()) +
                       " bytes, more than a QR code holds at error correction " + to_string(ecc) +
                       " (at most " + std::to_string(max_payload_bytes(ecc, eci)) +
                       " bytes of text; lower the error correction or shorten the content)"};
    }
    return Error{"", "encode_failed", "libqrencode could not encode the payload"};
  }
  detail::MaskInput in{qr.frame.get(), qr.width, {}};
  for (int m = 0; m < 8; ++m) in.format_info[static_cast<std::size_t>(m)] = QRspec_getFormatInfo(m, level);
  detail::Masked masked = detail::select_mask(in, excluded_masks);
  return ModuleGrid(qr.version, qr.width, ecc, std::move(masked.dark), masked.mask);
}

}  // namespace qredge
