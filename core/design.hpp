// SPDX-License-Identifier: MIT
// The validated design and output options (API.md §2, §3). Plain values: produced by the
// validate stage, read by the encode and render stages, never by anything upstream.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qredge {

enum class Ecc { L, M, Q, H };

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

enum class GradientType { LinearTopToBottom, LinearLeftToRight, LinearDiagonal, Radial };

struct Gradient {
  Rgb start;
  Rgb end;
  GradientType type = GradientType::LinearTopToBottom;
};

enum class BodyShape {
  Square, Rounded, Dots, ExtraRounded, Classy, ClassyRounded, Diamond, VerticalBars, HorizontalBars
};
enum class EyeFrameShape { Square, Rounded, ExtraRounded, Circle, Leaf };
enum class EyeBallShape { Square, Rounded, Circle, Diamond, Leaf, Star };

struct RgbaImage;  // logo.hpp

struct Logo {
  std::string url;                  // the normalised data: URL (see parse_logo_data_url), or an https: URL
  std::string mime;                 // "image/png" or "image/jpeg" (sniffed from the bytes)
  std::vector<std::uint8_t> bytes;  // the encoded image; empty until the host resolved an https URL
  int width = 0, height = 0;        // decoded size in pixels, 0 until decoded
  double size = 0.22;               // fraction of the symbol width, 0.10–0.30
  bool clear_background = false;
  std::shared_ptr<const RgbaImage> pixels;  // decoded when parsed (shared, immutable); may be null
};

// A call-to-action frame around the code (API.md §7.2, docs/print.md): drawn outside the quiet
// zone, its text as glyph outlines of the compiled-in font (frame_text.hpp).
enum class FrameStyle { Box, BannerBottom, BannerTop, Rounded, Ticket };

struct Frame {
  FrameStyle style = FrameStyle::Box;
  std::string text;                 // valid UTF-8, at most 40 characters, may be empty
  Rgb color{0, 0, 0};
  Rgb text_color{255, 255, 255};
};

struct Design {
  Ecc error_correction = Ecc::Q;
  Rgb foreground{0, 0, 0};
  Rgb background{255, 255, 255};
  std::optional<Gradient> gradient;
  BodyShape body = BodyShape::Square;
  EyeFrameShape eye_frame = EyeFrameShape::Square;
  EyeBallShape eye_ball = EyeBallShape::Square;
  std::optional<Rgb> eye_frame_color;
  std::optional<Rgb> eye_ball_color;
  std::optional<Logo> logo;
  bool transparent_background = false;
  std::optional<Frame> frame;

  // Q by default; a logo raises it to H (API.md §2).
  Ecc effective_error_correction() const { return logo ? Ecc::H : error_correction; }
  // True for black-on-white squares with nothing else: the renderers' fast path.
  bool is_plain() const {
    return foreground == Rgb{0, 0, 0} && background == Rgb{255, 255, 255} && !gradient &&
           body == BodyShape::Square && eye_frame == EyeFrameShape::Square &&
           eye_ball == EyeBallShape::Square && !eye_frame_color && !eye_ball_color && !logo &&
           !transparent_background && !frame;
  }
};

enum class Format { Svg, Png, Pdf, Eps };  // in this order: bindings/embind.cpp packs the value

// How the size was given (output_size.hpp): pixels, or a physical width.
enum class SizeUnit { Px, Mm, In };

struct Output {
  Format format = Format::Svg;
  // The code's square in px, quiet zone included (a frame adds its border and band around
  // it): 64–4096 as given; computed from a physical size as `physical` at `dpi`.
  int size = 512;
  int margin = 4;   // quiet zone in modules: 0–16
  SizeUnit unit = SizeUnit::Px;
  double physical = 0;  // the code square's width in `unit` (mm or in); 0 for px
  int dpi = 0;          // pixels per inch: PNG pHYs, physical sizes; 0 when not given
  bool operator==(const Output&) const = default;
};

// Width of the code square in millimetres, when the output has a physical size (size_mm,
// size_in, or a dpi), else 0.
double physical_mm(const Output& output);

const char* to_string(Ecc);
const char* to_string(Format);
std::string to_hex(Rgb);  // "#rrggbb"
// "#rgb" or "#rrggbb" (hex digits, any case), or nullopt.
std::optional<Rgb> parse_hex_colour(const std::string& s);

// The brightness a camera decoder works with: ZXing's RGB -> luminance (BT.601 weights on the
// sRGB values, 0–255), which ZXing-C++ and zbar compute alike.
int luma(Rgb);

// WCAG 2 relative luminance (0–1) and the contrast ratio of two colours (1–21).
double luminance(Rgb);
double contrast_ratio(Rgb a, Rgb b);

}  // namespace qredge
