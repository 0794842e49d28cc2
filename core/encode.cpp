// SPDX-License-Identifier: MIT
#include "encode.hpp"

#include <cerrno>
#include <memory>
#include <string>

extern "C" {
#include "qrencode.h"
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
  QrPtr qr(QRcode_encodeString(text.c_str(), 0, to_qr_level(ecc), QR_MODE_8, 1), &QRcode_free);
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
  const int w = qr->width;
  std::vector<std::uint8_t> dark(static_cast<std::size_t>(w) * w);
  for (std::size_t i = 0; i < dark.size(); ++i) dark[i] = qr->data[i] & 1;
  return ModuleGrid(qr->version, w, ecc, std::move(dark));
}

}  // namespace qredge
