// SPDX-License-Identifier: MIT
#include "frame_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "frame_text.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

// Measures as shares of the code square's side.
constexpr double kBorder = 0.045;       // box, rounded, ticket: frame width around the code
constexpr double kBand = 0.22;          // the text band's height
constexpr double kTextWidth = 0.88;     // the widest a line of text may be
constexpr double kCapShare = 0.5;       // capitals take this share of the band's height
constexpr double kRadius = 0.08;        // rounded: outer corner radius
constexpr double kTicketRadius = 0.03;  // ticket: corner radius
constexpr double kNotch = 0.05;         // ticket: radius of the side notches
// Below this share of the nominal text size the text is refused: at a 25 mm code that is
// capitals about 1 mm high, the smallest a passer-by still reads.
constexpr double kMinScale = 0.3;
constexpr double kLineGap = 1.1;     // baseline to baseline, in em
constexpr double kDescender = 0.24;  // DejaVu Sans Bold's descender, in em

int px(double v) { return static_cast<int>(std::lround(v)); }

struct TextLines {
  std::vector<std::string_view> lines;
  double em = 0;  // px per em
};

// One line at the nominal size, or shrunk to fit; or two lines split at the space that
// balances them best, when that gives larger letters.
Result<TextLines> fit_text(std::string_view text, double band, double width, const std::string& path) {
  const double cap = font_cap_height();
  const double nominal = band * kCapShare / cap;
  TextLines best{{text}, std::min(nominal, width / std::max(text_width(text), 1e-9))};
  if (best.em < nominal) {
    // Two lines: baselines kLineGap em apart, the block (capitals of the first line to the
    // descenders of the second) within 78 % of the band; taken only when its letters come out
    // clearly larger than one shrunk line (a single line reads faster).
    const double two_max = band * 0.78 / (cap + kLineGap + kDescender);
    const double one_line = best.em;
    for (std::size_t i = text.find(' '); i != std::string_view::npos; i = text.find(' ', i + 1)) {
      const std::string_view a = text.substr(0, i), b = text.substr(i + 1);
      if (a.empty() || b.empty()) continue;
      // Not before a lone symbol ("SCAN ME · СКАН" breaks after the dot, not before it).
      const std::string_view word = b.substr(0, b.find(' '));
      if (word.size() < b.size() && utf8::count_code_points(word) == 1 &&
          !std::isalnum(static_cast<unsigned char>(word[0])))
        continue;
      const double em = std::min(two_max, width / std::max({text_width(a), text_width(b), 1e-9}));
      if (em > best.em && em > one_line * 1.15) best = {{a, b}, em};
    }
  }
  if (best.em < nominal * kMinScale)
    return Error{path, "frame_text_too_wide",
                 "`frame.text` does not fit the frame at a readable size, even on two lines: shorten it or put a "
                 "space where it may break"};
  return best;
}

void add_text(const TextLines& t, double cx, double top, double band, FrameLayout& out, Rgb colour) {
  const double cap = font_cap_height() * t.em;
  const double gap = kLineGap * t.em;
  const double block = cap + gap * static_cast<double>(t.lines.size() - 1) +
                       (t.lines.size() > 1 ? kDescender * t.em : 0);
  double baseline = top + (band - block) / 2 + cap;
  FrameFill fill{colour, {}};
  for (std::string_view line : t.lines) {
    text_outline(line, t.em, cx - text_width(line) * t.em / 2, baseline, fill.outline);
    baseline += gap;
  }
  if (!fill.outline.empty()) out.fills.push_back(std::move(fill));
}

}  // namespace

Result<FrameLayout> layout_frame(const Frame& frame, int side, const std::string& path) {
  const double s = side;
  const bool banner = frame.style == FrameStyle::BannerBottom || frame.style == FrameStyle::BannerTop;
  const int border = banner ? 0 : std::max(1, px(kBorder * s));
  const int band = px(kBand * s);
  FrameLayout out;
  out.width = side + 2 * border;
  out.height = side + 2 * border + band;
  out.code_x = border;
  out.code_y = frame.style == FrameStyle::BannerTop ? band : border;
  // The band: for banners a strip of `band` px below or above the code; for the other styles
  // the frame's wider lower part, from the code square's lower edge to the bottom.
  const int band_top = frame.style == FrameStyle::BannerTop ? 0 : border + side;
  const double text_top = band_top, text_height = banner ? band : band + border;

  FrameFill body{frame.color, {}};
  Outline& o = body.outline;
  const double w = out.width, h = out.height;
  switch (frame.style) {
    case FrameStyle::BannerBottom:
    case FrameStyle::BannerTop: o.rect(0, band_top, w, band_top + band);
      break;
    case FrameStyle::Box: o.rect(0, 0, w, h); break;
    case FrameStyle::Rounded: o.rounded_rect(0, 0, w, h, px(kRadius * s)); break;
    case FrameStyle::Ticket: {
      // A rounded rectangle with a half-round notch in each side where code and band meet.
      const double r = px(kTicketRadius * s), n = px(kNotch * s), ny = border + side + border + n;
      o.move_to(r, 0);
      o.line_to(w - r, 0);
      o.arc(w - r, r, r, -M_PI / 2, 0);
      o.line_to(w, ny - n);
      o.arc(w, ny, n, -M_PI / 2, -1.5 * M_PI);
      o.line_to(w, h - r);
      o.arc(w - r, h - r, r, 0, M_PI / 2);
      o.line_to(r, h);
      o.arc(r, h - r, r, M_PI / 2, M_PI);
      o.line_to(0, ny + n);
      o.arc(0, ny, n, M_PI / 2, -M_PI / 2);
      o.line_to(0, r);
      o.arc(r, r, r, M_PI, 1.5 * M_PI);
      o.close();
      break;
    }
  }
  // The code square is a hole: whatever the code paints there (or leaves transparent) shows.
  if (!banner) o.rect(out.code_x, out.code_y, out.code_x + side, out.code_y + side, true);
  out.fills.push_back(std::move(body));

  if (!frame.text.empty()) {
    auto fitted = fit_text(frame.text, text_height, kTextWidth * s, path + "/text");
    if (!fitted) return fitted.error();
    add_text(*fitted, w / 2, text_top, text_height, out, frame.text_color);
  }
  return out;
}

}  // namespace qredge
