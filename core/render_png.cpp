// SPDX-License-Identifier: MIT
// Raster renderer: the Scene of geometry.hpp filled with exact-area anti-aliasing, band by
// band (memory: the output image, one coverage band, one row of the logo resampler), then
// written by png_write. Black-on-white square codes take a fast path: 1-bit grey, module
// boundaries snapped to whole pixels, so the code stays crisp at any size.
#include "render_png.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "geometry.hpp"
#include "logo.hpp"
#include "png_write.hpp"
#include "raster.hpp"

namespace qredge {

// Where the symbol sits in the image. Decoders measure the module size on the finder patterns
// and divide the distance between finder centres by it to count the modules (ZXing's
// computeDimension); a finder drawn one pixel too wide or narrow makes a large version count
// wrong (at 3.5 px per module a version-24 symbol needs its finders within 0.25 px). So the
// pitch is chosen with 7 * pitch a whole number of pixels (at most the exact pitch: the quiet
// zone only grows) and the symbol starts on a whole pixel: every 7-module span, each finder
// among them, is then exactly 7 * pitch pixels wide, and the centres are 7-module multiples
// apart. From 3 to 4 px per module the pitch is 3 whole pixels. At whole pixels per module
// nothing changes.
PixelPlacement pixel_placement(int width, int margin, int size, bool plain) {
  const int extent = width + 2 * margin;
  const int whole = size / extent;
  // Plain codes are drawn with hard pixel edges, so from 2 px per module up every module gets
  // the same whole number of pixels and the rest of the image is background around the quiet
  // zone (as ZXing's own writer draws). Modules of alternating widths (4 px beside 5 px) read
  // on a clean image, but scaled down to 2.5 px per module ZXing-C++ 1.4 missed 6 of 80 such
  // codes (versions 7-20) and none drawn with one whole pitch; ZXing Java 50 and 57.
  // Styled codes are anti-aliased, so their modules are all the same width at any pitch: there
  // 7 modules span whole pixels (ZXing takes its module size from the finders), and from 3 to
  // 4 px per module the pitch is 3 px (3 px modules beside 4 px ones cost ZXing-C++ 1.4 about
  // 2 % of codes at 3.5 px per module). A whole pitch for styled eyes was worse: scaled down to
  // 2.5 px per module, ZXing-C++ 1.4 missed 18 of 40 circle balls in square frames, against 3.
  // From version 25 up, where the eyes are drawn square anyway (geometry.hpp), styled codes get
  // whole pixels per module too: ZXing-C++ 1.4 samples large versions on a grid hung from the
  // finders and one alignment pattern, and at 4.3-5.4 px per module it missed 5 of the random
  // designs of versions 29-38 in sweep-designs seeds 7-16 (3,217 renders), none with whole
  // pixels; the rest of the image is quiet zone, as for plain codes.
  const bool square_eyes = width >= 17 + 4 * kSquareEyesFromVersion;
  int finder_px;
  if ((plain || square_eyes) && whole >= 2) finder_px = 7 * whole;
  else if (!plain && whole == 3) finder_px = 21;
  else finder_px = std::max(1, static_cast<int>((7LL * size) / extent));
  const double pitch = finder_px / 7.0;
  const double start = (size - width * pitch) / 2;
  return {pitch, static_cast<int>(std::lround(start)), finder_px};
}

// The top-right and bottom-left eyes start w - 7 modules from the symbol's corner, rarely on a
// whole pixel, so the outer edges of their frames would be grey pixels that a binarizer counts
// to either side. ZXing Java takes the module size from the frames' outer widths and divides
// the distance between eyes by it: at version 33 and 6.29 px per module one such pixel (45 px
// for 44) counts 147 modules for 149, and the code does not read. So the outer edge of those
// two frames moves by less than half a pixel onto a whole one (7 * pitch is whole, so both
// sides land on one); the frame's hole and the ball stay, and with them the eye's centre and
// the run lengths inside it, which ZXing-C++ measures. Moving the whole eye instead cost
// ZXing-C++ 1.4 reads (4 misses in about 1,000 random designs).
double eye_frame_shift(const PixelPlacement& pl, int width) {
  const double far = pl.symbol_start + (width - 7) * pl.pitch;
  return (std::round(far) - far) / pl.pitch;
}

namespace {

// Pixel edges of module lines, quiet zone included: module i spans [edge[i], edge[i+1]) px.
// The symbol's edges follow pixel_placement exactly; pixels outside [edge[0], edge[extent]) are
// background too (the pitch leaves up to a pixel per 7 modules over).
std::vector<int> snapped_edges(int width, int margin, int size) {
  const PixelPlacement pl = pixel_placement(width, margin, size, true);
  const int extent = width + 2 * margin;
  std::vector<int> e(static_cast<std::size_t>(extent) + 1);
  // round(i * finder_px / 7) in integers.
  auto at = [&](long long i) { return static_cast<int>((2 * i * pl.finder_px + 7) / 14); };
  for (int i = 0; i <= extent; ++i) {
    const long long k = i - margin;  // modules from the symbol's start
    const int px = k >= 0 ? pl.symbol_start + at(k) : pl.symbol_start - at(-k);
    e[static_cast<std::size_t>(i)] = std::clamp(px, 0, size);
  }
  return e;
}

// Clears pixels [p0, p1) of a 1-bit row (leftmost pixel in the high bit) to 0, black.
void clear_bits(std::uint8_t* row, int p0, int p1) {
  if (p0 >= p1) return;
  const int b0 = p0 >> 3, b1 = (p1 - 1) >> 3;
  const auto head = static_cast<std::uint8_t>(0xffu >> (p0 & 7));                 // p0 .. end of its byte
  const auto tail = static_cast<std::uint8_t>(0xffu << (7 - ((p1 - 1) & 7)));     // start of byte .. p1 - 1
  if (b0 == b1) {
    row[b0] &= static_cast<std::uint8_t>(~(head & tail));
    return;
  }
  row[b0] &= static_cast<std::uint8_t>(~head);
  std::memset(row + b0 + 1, 0, static_cast<std::size_t>(b1 - b0 - 1));
  row[b1] &= static_cast<std::uint8_t>(~tail);
}

// 1-bit greyscale: one scanline per module row (quiet-zone rows included), built from the
// dark runs of the row, merged with the scanline above when equal, and handed to the writer
// with its pixel height as the repeat count.
Result<std::vector<std::uint8_t>> render_plain_png(const ModuleGrid& grid, const Output& output) {
  const int size = output.size, margin = output.margin, w = grid.width(), extent = w + 2 * margin;
  const auto edges = snapped_edges(w, margin, size);
  const int line = 1 + (size + 7) / 8;
  std::vector<std::uint8_t> lines;
  std::vector<int> repeat;
  lines.reserve((static_cast<std::size_t>(extent) + 2) * line);
  repeat.reserve(static_cast<std::size_t>(extent) + 2);
  // Rows -1 and extent stand for the background above and below the quiet zone.
  for (int m = -1; m <= extent; ++m) {
    const int top = m < 0 ? 0 : edges[static_cast<std::size_t>(m)];
    const int bottom = m < 0 ? edges.front() : m == extent ? size : edges[static_cast<std::size_t>(m) + 1];
    const int height = bottom - top;
    if (height == 0) continue;  // smaller than a pixel at this size
    const std::size_t at = lines.size();
    lines.resize(at + static_cast<std::size_t>(line), 0xff);
    std::uint8_t* s = &lines[at];
    s[0] = 0;  // filter: none
    const int y = m - margin;
    if (m >= 0 && m < extent && y >= 0 && y < w) {
      grid.for_each_dark_run(y, [&](int x0, int x1) {
        clear_bits(s + 1, edges[static_cast<std::size_t>(x0 + margin)], edges[static_cast<std::size_t>(x1 + margin)]);
      });
    }
    if (!repeat.empty() && std::memcmp(s, s - line, static_cast<std::size_t>(line)) == 0) {
      lines.resize(at);
      repeat.back() += height;
    } else {
      repeat.push_back(height);
    }
  }
  return write_png_gray1(lines.data(), repeat.data(), static_cast<int>(repeat.size()), size, size);
}

// Colour of a paint at pixel centres: solid, or the gradient over the symbol's square, handed
// out a row at a time. A linear gradient's colour depends on x + y, x or y alone, so it is
// worked out once per image for each value of that sum (2 * size colours at most) and a row is
// a window into that table; only the radial gradient is computed pixel by pixel.
static_assert(sizeof(Rgb) == 3, "a row of Rgb is a row of RGB pixels (paint_code copies runs)");

// std::lround(v) for v >= 0 (halves away from zero) without the libm call a Shader makes
// 3,000 of per render: floor is one wasm instruction, and v - floor(v) is exact.
inline long round_nonnegative(double v) {
  const double f = std::floor(v);
  return static_cast<long>(f) + (v - f >= 0.5);
}

class Shader {
 public:
  Shader(const Paint& paint, double x0, double y0, double side, int size)
      : paint_(paint), x0_(x0), y0_(y0), side_(side), size_(size) {
    if (!paint.is_gradient) {
      table_.assign(static_cast<std::size_t>(size), paint.colour);
      return;
    }
    const Rgb a = paint.gradient.start, b = paint.gradient.end;
    lut_.resize(kSteps + 1);
    for (int i = 0; i <= kSteps; ++i) {
      const double t = static_cast<double>(i) / kSteps;
      auto mix = [t](std::uint8_t u, std::uint8_t v) {
        return static_cast<std::uint8_t>(round_nonnegative(u + (v - u) * t));
      };
      lut_[static_cast<std::size_t>(i)] = Rgb{mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
    }
    switch (paint.gradient.type) {
      case GradientType::LinearDiagonal:  // t = (u + v) / 2, u + v from x + y
        table_.resize(2 * static_cast<std::size_t>(size));
        for (int k = 0; k < 2 * size; ++k)
          table_[static_cast<std::size_t>(k)] = colour((k + 1 - x0_ - y0_) / side_ / 2);
        break;
      case GradientType::LinearLeftToRight:
        table_.resize(static_cast<std::size_t>(size));
        for (int x = 0; x < size; ++x) table_[static_cast<std::size_t>(x)] = colour((x + 0.5 - x0_) / side_);
        break;
      case GradientType::LinearTopToBottom:
      case GradientType::Radial: table_.resize(static_cast<std::size_t>(size)); break;
    }
  }
  // Colours of pixels x = 0 .. size - 1 of row y (valid until the next call).
  const Rgb* row(int y) {
    if (!paint_.is_gradient) return table_.data();
    switch (paint_.gradient.type) {
      case GradientType::LinearDiagonal: return table_.data() + y;
      case GradientType::LinearLeftToRight: return table_.data();
      case GradientType::LinearTopToBottom:
        std::fill(table_.begin(), table_.end(), colour((y + 0.5 - y0_) / side_));
        return table_.data();
      case GradientType::Radial: {
        const double v = (y + 0.5 - y0_) / side_ - 0.5;
        for (int x = 0; x < size_; ++x)
          table_[static_cast<std::size_t>(x)] = colour(std::hypot((x + 0.5 - x0_) / side_ - 0.5, v) / std::sqrt(0.5));
        return table_.data();
      }
    }
    return table_.data();
  }

 private:
  Rgb colour(double t) const { return lut_[static_cast<std::size_t>(round_nonnegative(std::clamp(t, 0.0, 1.0) * kSteps))]; }
  static constexpr int kSteps = 1024;
  Paint paint_;
  double x0_, y0_, side_;
  int size_;
  std::vector<Rgb> lut_, table_;
};

// v / 255 rounded to nearest, for v in [0, 255 * 255]: the usual shift form of the division.
inline std::uint8_t div255(unsigned v) { return static_cast<std::uint8_t>((v + 128 + ((v + 128) >> 8)) >> 8); }

// Coverage `a` (0-1) rounded to 1/255, the weight the integer blends below use.
inline unsigned coverage_255(double a) { return static_cast<unsigned>(a * 255 + 0.5); }

// Source-over of `c` with coverage k / 255 onto an RGB pixel, in integers.
inline void blend_opaque_255(std::uint8_t* p, Rgb c, unsigned k) {
  const unsigned l = 255 - k;
  p[0] = div255(p[0] * l + c.r * k);
  p[1] = div255(p[1] * l + c.g * k);
  p[2] = div255(p[2] * l + c.b * k);
}

// Source-over of `c` with coverage `a` (0-1) onto an RGB pixel, in integers: the coverage is
// rounded to 1/255 first (at most a level from the exact blend, and the same in every build).
inline void blend_opaque(std::uint8_t* p, Rgb c, double a) { blend_opaque_255(p, c, coverage_255(a)); }

// memcpy for the short copies of a coverage run (a few dozen bytes): 8 bytes a step, the last
// step overlapping. Emscripten's memcpy copies byte by byte when source and destination are
// not equally aligned, which rows of 3-byte pixels seldom are.
inline void copy_run(std::uint8_t* dst, const std::uint8_t* src, std::size_t n) {
  if (n < 8) {
    for (std::size_t k = 0; k < n; ++k) dst[k] = src[k];
    return;
  }
  std::uint64_t v;
  for (std::size_t k = 0; k + 8 < n; k += 8) {
    std::memcpy(&v, src + k, 8);
    std::memcpy(dst + k, &v, 8);
  }
  std::memcpy(&v, src + n - 8, 8);
  std::memcpy(dst + n - 8, &v, 8);
}

// Source-over of a straight-alpha colour with coverage `a` (0–1) onto an RGB or RGBA pixel.
// Opaque pixels blend in integers (blend_opaque).
inline void blend(std::uint8_t* p, int channels, Rgb c, double a) {
  if (a >= 1) {  // most covered pixels are fully covered
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
    if (channels == 4) p[3] = 255;
    return;
  }
  if (channels == 3) {
    blend_opaque(p, c, a);
    return;
  }
  auto round8 = [](double v) { return static_cast<std::uint8_t>(v + 0.5); };  // v in [0, 255]
  const double da = p[3] / 255.0;
  if (da <= 0) {
    // Edge over a transparent pixel: the coverage is split between the colour, pre-blended
    // toward white by sqrt(a), and the alpha, sqrt(a). Composited on white (what a page or a
    // print shows a camera) that is exactly the opaque render's edge: sqrt(a) * sqrt(a) = a.
    // Decoders that ignore alpha (zxing-cpp's file loader, some scanner apps) see edges a
    // little bolder than exact instead of modules grown by a full dark fringe. Colour and
    // alpha both a (the earlier rule) made composited edges lighter (a * a): thinner modules,
    // and zbar missed 18 of 300 such codes as JPEG 50 where it missed 8 opaque and 7 now
    // (docs/rendering.md, "Paint").
    const double split = std::sqrt(a);
    auto w = [&](std::uint8_t v) { return round8(255 + (v - 255) * split); };
    p[0] = w(c.r);
    p[1] = w(c.g);
    p[2] = w(c.b);
    p[3] = round8(split * 255);
    return;
  }
  const double oa = a + da * (1 - a);
  if (oa <= 0) return;
  auto ch = [&](std::uint8_t dst, std::uint8_t src) { return round8((src * a + dst * da * (1 - a)) / oa); };
  p[0] = ch(p[0], c.r);
  p[1] = ch(p[1], c.g);
  p[2] = ch(p[2], c.b);
  p[3] = round8(oa * 255);
}

// Resampling weights along one axis: area average when shrinking, bilinear when enlarging.
struct Taps {
  std::vector<int> first, count;
  std::vector<float> weight;  // count[i] weights per output pixel, concatenated
  std::vector<std::size_t> offset;
};

Taps taps(int src, int dst) {
  Taps t;
  const double k = static_cast<double>(src) / dst;
  for (int i = 0; i < dst; ++i) {
    t.offset.push_back(t.weight.size());
    if (k >= 1) {
      const double a = i * k, b = (i + 1) * k;
      const int j0 = static_cast<int>(std::floor(a)), j1 = std::min(src, static_cast<int>(std::ceil(b)));
      t.first.push_back(j0);
      t.count.push_back(j1 - j0);
      for (int j = j0; j < j1; ++j)
        t.weight.push_back(static_cast<float>((std::min<double>(b, j + 1) - std::max<double>(a, j)) / k));
    } else {
      const double s = (i + 0.5) * k - 0.5;
      const int j0 = static_cast<int>(std::floor(s));
      const double f = s - j0;
      const int lo = std::clamp(j0, 0, src - 1), hi = std::clamp(j0 + 1, 0, src - 1);
      t.first.push_back(lo);
      t.count.push_back(hi - lo + 1);
      if (hi == lo) {
        t.weight.push_back(1.0f);
      } else {
        t.weight.push_back(static_cast<float>(1 - f));
        t.weight.push_back(static_cast<float>(f));
      }
    }
  }
  return t;
}

// Draws the logo, scaled into the pixel rectangle [x0, x1) x [y0, y1), in premultiplied alpha.
// `holes`: pixel rectangles [x0, x1) x [y0, y1) left as they are (Scene::logo_windows).
void composite_logo(const RgbaImage& logo, int x0, int y0, int x1, int y1, std::uint8_t* pixels, int stride,
                    int channels, const std::vector<std::array<int, 4>>& holes) {
  const int dw = x1 - x0, dh = y1 - y0;
  if (dw <= 0 || dh <= 0 || logo.width <= 0 || logo.height <= 0) return;
  const Taps tx = taps(logo.width, dw), ty = taps(logo.height, dh);
  std::vector<float> column(static_cast<std::size_t>(logo.width) * 4);
  for (int oy = 0; oy < dh; ++oy) {
    std::fill(column.begin(), column.end(), 0.0f);
    for (int k = 0; k < ty.count[static_cast<std::size_t>(oy)]; ++k) {
      const float wgt = ty.weight[ty.offset[static_cast<std::size_t>(oy)] + static_cast<std::size_t>(k)];
      const std::uint8_t* src =
          &logo.pixels[static_cast<std::size_t>(ty.first[static_cast<std::size_t>(oy)] + k) * logo.width * 4];
      for (int x = 0; x < logo.width; ++x) {
        const float a = src[x * 4 + 3] / 255.0f;
        float* c = &column[static_cast<std::size_t>(x) * 4];
        c[0] += wgt * src[x * 4] * a;
        c[1] += wgt * src[x * 4 + 1] * a;
        c[2] += wgt * src[x * 4 + 2] * a;
        c[3] += wgt * a;
      }
    }
    for (int ox = 0; ox < dw; ++ox) {
      float acc[4] = {0, 0, 0, 0};
      for (int k = 0; k < tx.count[static_cast<std::size_t>(ox)]; ++k) {
        const float wgt = tx.weight[tx.offset[static_cast<std::size_t>(ox)] + static_cast<std::size_t>(k)];
        const float* c = &column[static_cast<std::size_t>(tx.first[static_cast<std::size_t>(ox)] + k) * 4];
        for (int i = 0; i < 4; ++i) acc[i] += wgt * c[i];
      }
      const double a = std::clamp<double>(acc[3], 0, 1);
      if (a <= 0) continue;
      const int hx = x0 + ox, hy = y0 + oy;
      if (std::any_of(holes.begin(), holes.end(),
                      [&](const auto& h) { return hx >= h[0] && hx < h[2] && hy >= h[1] && hy < h[3]; }))
        continue;
      auto un = [&](float v) { return static_cast<std::uint8_t>(std::clamp<long>(std::lround(v / a), 0, 255)); };
      std::uint8_t* p = &pixels[(static_cast<std::size_t>(y0 + oy) * stride + (x0 + ox)) * channels];
      blend(p, channels, Rgb{un(acc[0]), un(acc[1]), un(acc[2])}, a);
    }
  }
}

}  // namespace

void blend_pixel(std::uint8_t* p, int channels, Rgb c, double a) { blend(p, channels, c, a); }

// Solid paints only: the colours are the paints and their anti-aliased blends, usually well
// under 256 (a gradient alone has hundreds, a logo's pixels any number).
bool few_colours(const Design& design) { return !design.gradient && !design.logo; }

std::optional<Error> paint_code(const ModuleGrid& grid, const Design& design, const Output& output, Canvas& canvas,
                               int ox, int oy) {
  const int size = output.size;
  const int channels = canvas.channels;
  const PixelPlacement pl = pixel_placement(grid.width(), output.margin, size, false);
  const Scene scene = build_scene(grid, design, output.margin, eye_frame_shift(pl, grid.width()));
  // Module space (quiet zone included, origin at its corner) -> pixels: x * scale + shift.
  const double scale = pl.pitch;
  const double shift = pl.symbol_start - scene.margin * scale;

  // Decode the logo first: a logo that cannot be decoded fails before any pixel work.
  std::shared_ptr<const RgbaImage> logo;
  if (scene.logo) {
    auto decoded = logo_pixels(*design.logo);
    if (!decoded) return decoded.error();
    logo = std::move(*decoded);
  }

  // The code's square within the canvas: rows of `stride` pixels, starting at (ox, oy). The
  // background is one row, made once and copied to the others.
  const std::size_t stride = static_cast<std::size_t>(canvas.width);
  const std::size_t row_bytes = static_cast<std::size_t>(size) * channels;
  std::uint8_t* const origin = &canvas.pixels[(static_cast<std::size_t>(oy) * stride + ox) * channels];
  for (int x = 0; x < size; ++x) {
    std::uint8_t* p = origin + static_cast<std::size_t>(x) * channels;
    if (channels == 4) {
      p[0] = p[1] = p[2] = 255;  // white under alpha 0 (no dark fringes)
      p[3] = 0;
    } else {
      p[0] = design.background.r;
      p[1] = design.background.g;
      p[2] = design.background.b;
    }
  }
  for (int y = 1; y < size; ++y) std::memcpy(origin + static_cast<std::size_t>(y) * stride * channels, origin, row_bytes);
  // Edges per layer, and for each band the edges that reach into it.
  const int bands = (size + kBandRows - 1) / kBandRows;
  struct Prepared {
    std::vector<Edge> edges;
    std::vector<std::vector<std::uint32_t>> by_band;
    Shader shader;
  };
  std::vector<Prepared> layers;
  const double sym0 = pl.symbol_start, side = scene.width * scale;
  for (const Layer& layer : scene.layers) {
    Prepared p{{}, std::vector<std::vector<std::uint32_t>>(static_cast<std::size_t>(bands)),
               Shader(layer.paint, sym0, sym0, side, size)};
    flatten(layer.path, scale, kFlattenTolerance, p.edges);
    for (Edge& e : p.edges) {
      e.x0 = static_cast<float>(e.x0 + shift);
      e.x1 = static_cast<float>(e.x1 + shift);
      e.y0 = static_cast<float>(e.y0 + shift);
      e.y1 = static_cast<float>(e.y1 + shift);
    }
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
      const Edge& e = p.edges[i];
      const int b0 = std::clamp(static_cast<int>(std::min(e.y0, e.y1)) / kBandRows, 0, bands - 1);
      const int b1 = std::clamp(static_cast<int>(std::max(e.y0, e.y1)) / kBandRows, 0, bands - 1);
      for (int b = b0; b <= b1; ++b) p.by_band[static_cast<std::size_t>(b)].push_back(static_cast<std::uint32_t>(i));
    }
    layers.push_back(std::move(p));
  }

  // Each layer's coverage is resolved only over the columns its edges in the band reach.
  CoverageBand band(size, kBandRows);
  for (int b = 0; b < bands; ++b) {
    const int y0 = b * kBandRows, rows = std::min(kBandRows, size - y0);
    for (Prepared& layer : layers) {
      const auto& list = layer.by_band[static_cast<std::size_t>(b)];
      if (list.empty()) continue;
      band.reset(y0, rows);
      for (std::uint32_t i : list) band.add(layer.edges[i]);
      for (int r = 0; r < rows; ++r) {
        const Rgb* colours = layer.shader.row(y0 + r);
        std::uint8_t* row = origin + static_cast<std::size_t>(y0 + r) * stride * channels;
        if (channels == 3) {
          band.resolve_runs(r, [&](int x0, int x1, float c) {
            std::uint8_t* p = row + static_cast<std::size_t>(x0) * 3;
            if (c >= 1) {  // inside a shape: the colours as they are, Rgb being three bytes
              copy_run(p, reinterpret_cast<const std::uint8_t*>(colours + x0), static_cast<std::size_t>(x1 - x0) * 3);
              return;
            }
            const unsigned k = coverage_255(c);
            for (int x = x0; x < x1; ++x, p += 3) blend_opaque_255(p, colours[x], k);
          });
        } else {
          band.resolve_runs(r, [&](int x0, int x1, float c) {
            for (int x = x0; x < x1; ++x) blend(row + static_cast<std::size_t>(x) * 4, 4, colours[x], c);
          });
        }
      }
    }
  }

  if (logo) {
    const LogoBox& box = *scene.logo;
    auto px = [&](double v) { return static_cast<int>(std::lround(v * scale + shift)); };
    const int x0 = px(box.x), y0 = px(box.y), x1 = px(box.x + box.w), y1 = px(box.y + box.h);
    std::vector<std::array<int, 4>> holes;
    for (const LogoBox& w : scene.logo_windows) holes.push_back({px(w.x), px(w.y), px(w.x + w.w), px(w.y + w.h)});
    composite_logo(*logo, x0, y0, std::min(x1, size), std::min(y1, size), origin, static_cast<int>(stride), channels,
                   holes);
  }
  return std::nullopt;
}

Result<std::vector<std::uint8_t>> render_png(const ModuleGrid& grid, const Design& design,
                                             const Output& output) {
  Result<std::vector<std::uint8_t>> png = Error{"", "render_failed", "not rendered"};
  if (design.frame) {
    png = render_framed_png(grid, design, output);
  } else if (design.is_plain()) {
    png = render_plain_png(grid, output);
  } else {
    Canvas canvas{Canvas::Pixels(static_cast<std::size_t>(output.size) * output.size *
                                            (design.transparent_background ? 4 : 3)),
                  output.size, output.size, design.transparent_background ? 4 : 3};
    if (auto e = paint_code(grid, design, output, canvas, 0, 0)) return *e;
    png = write_png_rgb(canvas.pixels.data(), canvas.width, canvas.height, canvas.channels, few_colours(design));
  }
  if (png && output.dpi > 0) add_png_dpi(*png, output.dpi);
  return png;
}

}  // namespace qredge
