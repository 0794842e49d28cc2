// SPDX-License-Identifier: MIT
// Render stage, frame: where a call-to-action frame and its text go around the code square
// (docs/print.md has the measures). Everything scales with the code square's side, so whether
// a text fits does not depend on the output size and is known at validation.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"
#include "outline.hpp"

namespace qredge {

struct FrameFill {
  Rgb colour;
  Outline outline;
};

struct FrameLayout {
  int width = 0, height = 0;  // the whole image in px (the code square is `side` px)
  int code_x = 0, code_y = 0; // the code square's top-left corner
  std::vector<FrameFill> fills;  // paint order: the frame, then its text
};

// The frame for a code square of `side` px. Error `frame_text_too_wide` (at `path` + "/text")
// when the text cannot be set at a readable size even on two lines.
Result<FrameLayout> layout_frame(const Frame& frame, int side, const std::string& path = "/design/frame");

}  // namespace qredge
