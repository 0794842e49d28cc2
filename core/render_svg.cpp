// SPDX-License-Identifier: MIT
// Vector renderer: the Scene of geometry.hpp as SVG path data, one <path> per paint. Output is
// deterministic: numbers are printed from integers (thousandths of a module), gradient ids are
// derived from what they define, and nothing user-controlled reaches the markup except
// validated colours and the logo, which is re-encoded from its decoded bytes.
#include "render_svg.hpp"

#include "render_png.hpp"

#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <vector>

#include "geometry.hpp"
#include "outline.hpp"
#include "logo.hpp"

namespace qredge {
namespace {

// Appends a command letter and the pair "a b".
void command(std::string& d, char letter, double a, double b) {
  d += letter;
  append_number(d, a);
  d += ' ';
  append_number(d, b);
}

void path_data(std::string& d, const Path& path) {
  double px = 0, py = 0;
  for (const PathSeg& s : path.segs()) {
    switch (s.kind) {
      case PathSeg::Move: command(d, 'M', s.x, s.y); break;
      case PathSeg::Line:
        if (s.y == py) {
          d += 'H';
          append_number(d, s.x);
        } else if (s.x == px) {
          d += 'V';
          append_number(d, s.y);
        } else {
          command(d, 'L', s.x, s.y);
        }
        break;
      case PathSeg::Arc:
        command(d, 'A', s.r, s.r);
        d += s.clockwise ? " 0 0 1 " : " 0 0 0 ";
        append_number(d, s.x);
        d += ' ';
        append_number(d, s.y);
        break;
      case PathSeg::Close: d += 'Z'; break;
    }
    if (s.kind != PathSeg::Close) {
      px = s.x;
      py = s.y;
    }
  }
}

const char* gradient_code(GradientType t) {
  switch (t) {
    case GradientType::LinearTopToBottom: return "v";
    case GradientType::LinearLeftToRight: return "h";
    case GradientType::LinearDiagonal: return "d";
    case GradientType::Radial: return "r";
  }
  return "v";
}

// The id names everything the definition depends on, so equal ids mean equal definitions even
// when several codes are inlined into one HTML page.
std::string gradient_id(const Gradient& g, const Scene& s) {
  return std::string("qredge-") + gradient_code(g.type) + to_hex(g.start).substr(1) + to_hex(g.end).substr(1) + "-" +
         std::to_string(s.margin) + "-" + std::to_string(s.width);
}

std::string gradient_def(const Gradient& g, const Scene& s) {
  const double a = s.margin, b = s.margin + s.width, c = s.margin + s.width / 2.0;
  std::string out;
  if (g.type == GradientType::Radial) {
    out = "<radialGradient id=\"" + gradient_id(g, s) + "\" gradientUnits=\"userSpaceOnUse\" cx=\"" + number_text(c) +
          "\" cy=\"" + number_text(c) + "\" r=\"" + number_text(s.width * std::sqrt(0.5)) + "\">";
  } else {
    const double x2 = g.type == GradientType::LinearTopToBottom ? a : b;
    const double y2 = g.type == GradientType::LinearLeftToRight ? a : b;
    out = "<linearGradient id=\"" + gradient_id(g, s) + "\" gradientUnits=\"userSpaceOnUse\" x1=\"" + number_text(a) +
          "\" y1=\"" + number_text(a) + "\" x2=\"" + number_text(x2) + "\" y2=\"" + number_text(y2) + "\">";
  }
  out += "<stop offset=\"0\" stop-color=\"" + to_hex(g.start) + "\"/><stop offset=\"1\" stop-color=\"" +
         to_hex(g.end) + "\"/>";
  out += g.type == GradientType::Radial ? "</radialGradient>" : "</linearGradient>";
  return out;
}

// Writes a small integer (|v| < 1000) without a call: module coordinates of a plain code are
// at most 177 + 2 * 16, and std::to_chars is an out-of-line call per number in wasm.
inline char* put_small(char* p, int v) {
  if (v < 0) {
    *p++ = '-';
    v = -v;
  }
  if (v >= 100) {
    *p++ = static_cast<char>('0' + v / 100);
    *p++ = static_cast<char>('0' + v / 10 % 10);
  } else if (v >= 10) {
    *p++ = static_cast<char>('0' + v / 10);
  }
  *p++ = static_cast<char>('0' + v % 10);
  return p;
}

constexpr int kMaxModules = 177;

// Black-on-white squares: the module grid straight to text, with no Scene of doubles. Each
// horizontal run of dark modules is one stroke segment one module wide along the middle of
// its row (butt caps, so it covers exactly the run's squares): "M{x} {y}.5h{n}" for the
// first, then "m{dx} {dy}h{n}" relative to where the previous run ended. Every number after
// the first move is a small integer, and the text is about half of a closed rectangle per
// run. Exact integer geometry plus crispEdges: no seams between modules.
// The viewBox "x y w h" (and the background rectangle, which covers it) that draws the symbol
// at its declared size exactly where the PNG renderer puts it: whole-pixel finders on a whole
// pixel (render_png.hpp, pixel_placement). When the size is a whole multiple of the modules
// it is "0 0 n n".
struct ViewBox {
  double origin, side;  // in modules
};
ViewBox view_box(const PixelPlacement& pl, int margin, int size) {
  return {margin - pl.symbol_start / pl.pitch, size / pl.pitch};
}

std::string view_box_text(const ViewBox& v) {
  const std::string o = number_text(v.origin), s = number_text(v.side);
  return o + " " + o + " " + s + " " + s;
}

std::string render_plain_svg(const ModuleGrid& grid, const Output& output) {
  const int w = grid.width(), margin = output.margin;
  const ViewBox vb = view_box(pixel_placement(w, margin, output.size, true), margin, output.size);
  const std::string o = number_text(vb.origin), side = number_text(vb.side);
  char head[384];
  char* h = head;
  auto put = [&h](const char* text) {
    const std::size_t n = std::strlen(text);
    std::memcpy(h, text, n);
    h += n;
  };
  auto put_int = [&h](int v) { h = std::to_chars(h, h + 12, v).ptr; };
  put("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
  put_int(output.size);
  put("\" height=\"");
  put_int(output.size);
  put("\" viewBox=\"");
  put(view_box_text(vb).c_str());
  put("\" shape-rendering=\"crispEdges\"><rect ");
  if (vb.origin != 0) {
    put("x=\"");
    put(o.c_str());
    put("\" y=\"");
    put(o.c_str());
    put("\" ");
  }
  put("width=\"");
  put(side.c_str());
  put("\" height=\"");
  put(side.c_str());
  put("\" fill=\"#ffffff\"/><path fill=\"none\" stroke=\"#000000\" stroke-width=\"1\" d=\"");
  std::string svg;
  // About 7 bytes per run and a run per 4 modules: one allocation in the common case.
  svg.reserve(static_cast<std::size_t>(h - head) + static_cast<std::size_t>(w) * w * 2 + 16);
  svg.append(head, static_cast<std::size_t>(h - head));
  // Longest run text: "m-209 209h209" (13 bytes, the first "M209 209.5h209" 14); at most
  // (w + 1) / 2 runs per row.
  char buf[(kMaxModules + 1) / 2 * 16 + 8];
  int px = 0, py = 0;  // the pen: where the previous run ended (x), its row (y)
  bool first = true;
  for (int y = 0; y < w; ++y) {
    char* p = buf;
    grid.for_each_dark_run(y, [&](int x0, int x1) {
      const int ax = x0 + margin, ay = y + margin;
      if (first) {
        *p++ = 'M';
        p = put_small(p, ax);
        *p++ = ' ';
        p = put_small(p, ay);
        *p++ = '.';
        *p++ = '5';
        first = false;
      } else {
        *p++ = 'm';
        p = put_small(p, ax - px);
        *p++ = ' ';
        p = put_small(p, ay - py);
      }
      *p++ = 'h';
      p = put_small(p, x1 - x0);
      px = x1 + margin;
      py = ay;
    });
    svg.append(buf, static_cast<std::size_t>(p - buf));
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace

constexpr int kSnapSvgFramesFromVersion = 21;

double svg_eye_frame_shift(const ModuleGrid& grid, const PixelPlacement& pl) {
  return grid.version() < kSnapSvgFramesFromVersion ? 0 : eye_frame_shift(pl, grid.width());
}

std::string render_svg(const ModuleGrid& grid, const Design& design, const Output& output) {
  if (design.is_plain()) return render_plain_svg(grid, output);
  // At its declared size the SVG puts the symbol where the PNG renderer does. From version 21
  // up the eye frames' outer edges also go on whole pixels there, as in PNG (eye_frame_shift):
  // that is where ZXing Java miscounted the modules of random designs (6 of about 1,300 SVGs,
  // versions 25-38, all read after it). Below, the panel's matrix (versions 1-10) read worse
  // under its camera conditions with it (zbar after JPEG 50: 98.4 -> 97.9 %, zxing-wasm at 2.5
  // px per module 98.0 -> 97.9 %), with nothing to gain on a clean image.
  const PixelPlacement pl = pixel_placement(grid.width(), output.margin, output.size, false);
  const Scene scene = build_scene(grid, design, output.margin, svg_eye_frame_shift(grid, pl));
  const ViewBox vb = view_box(pl, output.margin, output.size);
  const std::string px = std::to_string(output.size), o = number_text(vb.origin), side = number_text(vb.side);
  std::string svg;
  svg.reserve(static_cast<std::size_t>(grid.width()) * grid.width() * 12 + 512 +
              (design.logo ? design.logo->bytes.size() * 4 / 3 : 0));
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px + "\" viewBox=\"" +
         view_box_text(vb) + "\"";
  // Only rectangles on module lines: crisp edges keep them sharp at any scale.
  if (scene.only_rectangles) svg += " shape-rendering=\"crispEdges\"";
  svg += ">";
  std::string defs;
  for (const Layer& l : scene.layers)
    if (l.paint.is_gradient) {
      defs += gradient_def(l.paint.gradient, scene);
      break;  // at most one gradient: the design has one
    }
  if (!defs.empty()) svg += "<defs>" + defs + "</defs>";
  if (!design.transparent_background)
    svg += "<rect " + (vb.origin != 0 ? "x=\"" + o + "\" y=\"" + o + "\" " : std::string()) + "width=\"" + side +
           "\" height=\"" + side + "\" fill=\"" + to_hex(design.background) + "\"/>";
  for (const Layer& l : scene.layers) {
    svg += "<path fill=\"";
    svg += l.paint.is_gradient ? "url(#" + gradient_id(l.paint.gradient, scene) + ")" : to_hex(l.paint.colour);
    svg += "\" d=\"";
    path_data(svg, l.path);
    svg += "\"/>";
  }
  if (scene.logo && !design.logo->bytes.empty()) {
    const std::string mime = sniff_image_type(design.logo->bytes);
    if (!mime.empty()) {
      const LogoBox& b = *scene.logo;
      // Windows for alignment patterns (Scene::logo_windows): the logo is clipped to the
      // symbol's square minus them (even-odd), so the pattern drawn beneath shows. The clip
      // depends on nothing but what the id names (margin, width, windows), so two codes
      // inlined in one page share an id only when they share the clip.
      std::string clip;
      if (!scene.logo_windows.empty()) {
        std::string id = "qredge-logo-" + std::to_string(scene.margin) + "-" + std::to_string(scene.width);
        std::string d;
        auto rect = [&](const LogoBox& r) {
          for (const auto& [op, v] : {std::pair{'M', r.x}, {' ', r.y}, {'h', r.w}, {'v', r.h}, {'h', -r.w}}) {
            d += op;
            append_number(d, v);
          }
          d += 'z';
        };
        rect(LogoBox{0, 0, static_cast<double>(scene.extent), static_cast<double>(scene.extent)});
        for (const LogoBox& w : scene.logo_windows) {
          rect(w);
          id += '-';
          append_number(id, w.x);
          id += '-';
          append_number(id, w.y);
        }
        svg += "<clipPath id=\"";
        svg += id;
        svg += "\"><path clip-rule=\"evenodd\" d=\"";
        svg += d;
        svg += "\"/></clipPath>";
        clip = " clip-path=\"url(#";
        clip += id;
        clip += ")\"";
      }
      svg += "<image x=\"" + number_text(b.x) + "\" y=\"" + number_text(b.y) + "\" width=\"" + number_text(b.w) +
             "\" height=\"" + number_text(b.h) + "\"" + clip +
             " preserveAspectRatio=\"xMidYMid meet\" href=\"data:" + mime + ";base64,";
      svg += base64_encode(design.logo->bytes);
      svg += "\"/>";
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace qredge
