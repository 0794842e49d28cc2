// SPDX-License-Identifier: MIT
#include "encode.hpp"

#include <cerrno>
#include <memory>
#include <string>

#include "mask_select.hpp"

extern "C" {
#include "qrencode.h"
#include "qrinput.h"
#include "qrspec.h"
#include "split.h"
// libqrencode's inner API (what upstream's own tests use): QRcode_encodeMask(input, -2)
// returns the frame unmasked. It is static in upstream release builds: CMakeLists.txt
// compiles libqrencode with STATIC_IN_RELEASE empty to reach it.
#include "qrencode_inner.h"
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

using QrPtr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;
using InputPtr = std::unique_ptr<QRinput, decltype(&QRinput_free)>;

// QRcode_encodeString(text, 0, level, QR_MODE_8, 1) without its mask selection: the same
// input splitting and frame, then detail::select_mask, which picks the mask libqrencode would
// pick (tests/native/mask_select_test.cpp checks that over many payloads) a word at a time.
// With `utf8_eci`, an ECI 000026 header comes first (ISO/IEC 18004 reads byte mode as
// ISO-8859-1 otherwise).
QrPtr encode_unmasked(const char* text, QRecLevel level, bool utf8_eci) {
  InputPtr input(QRinput_new2(0, level), &QRinput_free);
  if (!input) return QrPtr(nullptr, &QRcode_free);
  if (utf8_eci) {
    if (QRinput_appendECIheader(input.get(), 26) < 0) return QrPtr(nullptr, &QRcode_free);
    // libqrencode 4.1.1 estimates an ECI entry as 12 bits plus 4 per byte of its 4-byte
    // number (QRinput_estimateBitStreamSizeOfEntry treats it like a data segment): 16 bits
    // too many, enough to pick a larger version or refuse a payload that fits. Size 0 makes
    // the estimate the exact 12 bits; the entry's bits are written from its data alone.
    input->tail->size = 0;
  }
  if (Split_splitStringToQRinput(text, input.get(), QR_MODE_8, 1) < 0) return QrPtr(nullptr, &QRcode_free);
  return QrPtr(QRcode_encodeMask(input.get(), -2), &QRcode_free);
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

Result<ModuleGrid> encode(std::string_view payload, Ecc ecc) {
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
  QrPtr qr = encode_unmasked(text.c_str(), level, eci);
  if (!qr) {
    if (errno == ERANGE) {
      return Error{"", "data_too_long",
                   "the payload is " + std::to_string(payload.size()) +
                       " bytes, more than a QR code holds at error correction " + to_string(ecc) +
                       " (at most " + std::to_string(max_payload_bytes(ecc, eci)) +
                       " bytes of text; lower the error correction or shorten the content)"};
    }
    return Error{"", "encode_failed", "libqrencode could not encode the payload"};
  }
  detail::MaskInput in{qr->data, qr->width, {}};
  for (int m = 0; m < 8; ++m) in.format_info[static_cast<std::size_t>(m)] = QRspec_getFormatInfo(m, level);
  return ModuleGrid(qr->version, qr->width, ecc, std::move(detail::select_mask(in).dark));
}

}  // namespace qredge
