// SPDX-License-Identifier: MIT
#include "encode.hpp"

#include <cerrno>
#include <memory>
#include <string>

#include "mask_select.hpp"

extern "C" {
#include "qrencode.h"
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
QrPtr encode_unmasked(const char* text, QRecLevel level) {
  InputPtr input(QRinput_new2(0, level), &QRinput_free);
  if (!input) return QrPtr(nullptr, &QRcode_free);
  if (Split_splitStringToQRinput(text, input.get(), QR_MODE_8, 1) < 0) return QrPtr(nullptr, &QRcode_free);
  return QrPtr(QRcode_encodeMask(input.get(), -2), &QRcode_free);
}

}  // namespace

std::size_t max_payload_bytes(Ecc ecc) {
  switch (ecc) {
    case Ecc::L: return 2953;
    case Ecc::M: return 2331;
    case Ecc::Q: return 1663;
    case Ecc::H: return 1273;
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
  QrPtr qr = encode_unmasked(text.c_str(), level);
  if (!qr) {
    if (errno == ERANGE) {
      return Error{"", "data_too_long",
                   "the payload is " + std::to_string(payload.size()) +
                       " bytes, more than a QR code holds at error correction " + to_string(ecc) +
                       " (at most " + std::to_string(max_payload_bytes(ecc)) +
                       " bytes of text; lower the error correction or shorten the content)"};
    }
    return Error{"", "encode_failed", "libqrencode could not encode the payload"};
  }
  detail::MaskInput in{qr->data, qr->width, {}};
  for (int m = 0; m < 8; ++m) in.format_info[static_cast<std::size_t>(m)] = QRspec_getFormatInfo(m, level);
  return ModuleGrid(qr->version, qr->width, ecc, std::move(detail::select_mask(in).dark));
}

}  // namespace qredge
