// SPDX-License-Identifier: MIT
// Fuzz target: logo decoding through the core's logo entry points, on arbitrary bytes:
// inspect_logo_bytes (what a host-fetched https: logo goes through), parse_logo_data_url on the
// same bytes as a data: URL, base64 both ways, and, when the bytes are accepted, decode_logo
// (stb_image) and a small PNG render that composites the decoded logo.
// Invariants: both entries agree; an accepted logo is at most 1024 px a side and decodes to
// exactly the size its header announced; base64 round-trips.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "engine.hpp"
#include "fuzz_check.hpp"
#include "logo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);

  // base64: the decoder on arbitrary text, and the round trip.
  std::vector<std::uint8_t> decoded;
  (void)qredge::base64_decode(std::string_view(reinterpret_cast<const char*>(data), size), decoded);
  const std::string b64 = qredge::base64_encode(bytes);
  FUZZ_CHECK(qredge::base64_decode(b64, decoded) && decoded == bytes, "base64 does not round-trip");

  qredge::Logo given;
  given.bytes = bytes;
  auto inspected = qredge::inspect_logo_bytes(given, "/design/logo/url");
  const std::string mime = qredge::sniff_image_type(bytes);
  auto from_url = qredge::parse_logo_data_url("data:" + (mime.empty() ? std::string("image/png") : mime) + ";base64," + b64,
                                              "/design/logo/url");
  FUZZ_CHECK(inspected.ok() == from_url.ok(), "inspect_logo_bytes and parse_logo_data_url disagree");
  if (!inspected) return 0;
  FUZZ_CHECK(inspected->width >= 1 && inspected->height >= 1 && inspected->width <= qredge::kMaxLogoPixels &&
                 inspected->height <= qredge::kMaxLogoPixels,
             "accepted logo outside 1..1024 px");
  // parse_logo_data_url keeps the normal form: the same size up to 512 px, else at most 512.
  if (inspected->width <= qredge::kNormalLogoPixels && inspected->height <= qredge::kNormalLogoPixels)
    FUZZ_CHECK(from_url->width == inspected->width && from_url->height == inspected->height, "sizes disagree");
  else
    FUZZ_CHECK(std::max(from_url->width, from_url->height) <= qredge::kNormalLogoPixels, "normal form over 512 px");
  auto again = qredge::parse_logo_data_url(from_url->url, "/design/logo/url");
  FUZZ_CHECK(again.ok() && again->url == from_url->url, "normalising the normal form changed it");

  auto img = qredge::decode_logo(*inspected);
  if (!img) return 0;  // the header was fine and the data is not: logo_unavailable at render time
  FUZZ_CHECK(img->width == inspected->width && img->height == inspected->height, "decoded size differs from header");
  FUZZ_CHECK(img->pixels.size() == static_cast<std::size_t>(img->width) * img->height * 4, "pixel buffer size");

  qredge::Design design;
  design.logo = *inspected;
  design.logo->size = 0.10 + 0.20 * (size % 11) / 10.0;
  design.logo->clear_background = size & 1;
  qredge::Output output;
  output.format = qredge::Format::Png;
  output.size = 96;
  auto r = qredge::render_payload("https://example.com/", design, output);
  FUZZ_CHECK(r.ok(), "a decodable logo did not render");
  return 0;
}
