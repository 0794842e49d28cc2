// SPDX-License-Identifier: MIT
#include "engine.hpp"

#include "drawn_finder_check.hpp"
#include "encode.hpp"
#include "render_png.hpp"
#include "frame_parse.hpp"
#include "render_frame.hpp"
#include "render_print.hpp"

namespace qredge {
namespace {

// Masks tried after the first choice fooled the search: each costs an encode and a drawn
// check (together about twice a styled SVG's drawing).
constexpr int kMaskRetries = 3;

}  // namespace

Result<Rendered> render_payload(std::string_view payload, const Design& design,
                                const Output& output) {
  if (auto e = check_frame_output(design, output)) return *e;
  auto grid = encode(payload, design.effective_error_correction());
  if (!grid) return grid.error();
  // A styled drawing can hold a finder look-alike that the mask choice's plain replay does not
  // (drawn_finder_check.hpp): then the next masks in the choice's order are drawn instead, a
  // few at most; if each of them fools the search too, the first choice stays.
  if (drawing_fools_finder_search(*grid, design, output)) {
    unsigned excluded = 1u << grid->mask();
    for (int tries = 0; tries < kMaskRetries; ++tries) {
      auto next = encode(payload, design.effective_error_correction(), excluded);
      if (!next) break;
      if (!drawing_fools_finder_search(*next, design, output)) {
        grid = std::move(next);
        break;
      }
      excluded |= 1u << next->mask();
    }
  }
  Rendered out;
  out.format = output.format;
  out.version = grid->version();
  out.modules = grid->width();
  out.effective_error_correction = grid->ecc();
  out.scan = scan_report(*grid, design, output);
  switch (output.format) {
    case Format::Svg: {
      auto svg = render_svg_document(*grid, design, output);
      if (!svg) return svg.error();
      out.svg = std::move(*svg);
      break;
    }
    case Format::Png: {
      auto png = render_png(*grid, design, output);
      if (!png) return png.error();
      out.png = std::move(*png);
      break;
    }
    case Format::Pdf:
    case Format::Eps: {
      auto doc = render_print(*grid, design, output);
      if (!doc) return doc.error();
      out.png = std::move(*doc);
      break;
    }
  }
  return out;
}

}  // namespace qredge
