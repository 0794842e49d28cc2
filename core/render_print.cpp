// SPDX-License-Identifier: MIT
// One page description, written two ways. The page is drawn in image pixels with y down (a
// flipping transform first), so the code's Scene, the frame and the logo box are placed exactly
// as in SVG and PNG; PDF and PostScript only differ in operator names and in how a gradient
// and an image are declared.
#include "render_print.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "frame_layout.hpp"
#include "geometry.hpp"
#include "logo.hpp"
#include "outline.hpp"
#include "png_write.hpp"
#include "render_png.hpp"

namespace qredge {
namespace {

std::string rgb(Rgb c) {
  return number_text(c.r / 255.0) + " " + number_text(c.g / 255.0) + " " + number_text(c.b / 255.0);
}

// A Scene path (module units, lines and circular arcs) as an Outline in page pixels.
Outline to_outline(const Path& path, double scale, double dx, double dy) {
  Outline o;
  double px = 0, py = 0;
  for (const PathSeg& s : path.segs()) {
    const double x = s.x * scale + dx, y = s.y * scale + dy;
    switch (s.kind) {
      case PathSeg::Move: o.move_to(x, y); break;
      case PathSeg::Line: o.line_to(x, y); break;
      case PathSeg::Arc: {
        const double cx = s.cx * scale + dx, cy = s.cy * scale + dy, r = s.r * scale;
        double a0 = std::atan2(py - cy, px - cx), a1 = std::atan2(y - cy, x - cx);
        // Clockwise on screen (y down) is increasing angle.
        if (s.clockwise && a1 < a0 - 1e-12) a1 += 2 * M_PI;
        if (!s.clockwise && a1 > a0 + 1e-12) a1 -= 2 * M_PI;
        o.arc(cx, cy, r, a0, a1);
        break;
      }
      case PathSeg::Close: o.close(); break;
    }
    if (s.kind != PathSeg::Close) {
      px = x;
      py = y;
    }
  }
  return o;
}

// Path construction operators of PDF ("m l c h") or of the EPS prologue (same names, bound to
// moveto lineto curveto closepath). Quadratic segments become cubic ones.
void path_ops(std::string& out, const Outline& o) {
  double px = 0, py = 0;
  auto pt = [&](double x, double y) {
    append_number(out, x);
    out += ' ';
    append_number(out, y);
  };
  for (const OutlineSeg& s : o.segs()) {
    switch (s.kind) {
      case OutlineSeg::Move: pt(s.x, s.y); out += " m\n"; break;
      case OutlineSeg::Line: pt(s.x, s.y); out += " l\n"; break;
      case OutlineSeg::Quad:
        pt(px + 2.0 / 3 * (s.x1 - px), py + 2.0 / 3 * (s.y1 - py));
        out += ' ';
        pt(s.x + 2.0 / 3 * (s.x1 - s.x), s.y + 2.0 / 3 * (s.y1 - s.y));
        out += ' ';
        pt(s.x, s.y);
        out += " c\n";
        break;
      case OutlineSeg::Cubic:
        pt(s.x1, s.y1);
        out += ' ';
        pt(s.x2, s.y2);
        out += ' ';
        pt(s.x, s.y);
        out += " c\n";
        break;
      case OutlineSeg::Close: out += "h\n"; break;
    }
    if (s.kind != OutlineSeg::Close) {
      px = s.x;
      py = s.y;
    }
  }
}

enum class Lang { Pdf, Ps };

// The gradient's geometry in page pixels (as gradient_def in render_svg.cpp, which it mirrors).
std::string shading(const Gradient& g, double a, double b, Lang lang) {
  std::string coords;
  int type = 2;
  if (g.type == GradientType::Radial) {
    type = 3;
    const double c = (a + b) / 2;
    coords = number_text(c) + " " + number_text(c) + " 0 " + number_text(c) + " " + number_text(c) + " " +
             number_text((b - a) * std::sqrt(0.5));
  } else {
    const double x2 = g.type == GradientType::LinearTopToBottom ? a : b;
    const double y2 = g.type == GradientType::LinearLeftToRight ? a : b;
    coords = number_text(a) + " " + number_text(a) + " " + number_text(x2) + " " + number_text(y2);
  }
  const std::string open = lang == Lang::Pdf ? "<<" : "<<";
  return open + " /ShadingType " + std::to_string(type) + " /ColorSpace /DeviceRGB /Coords [" + coords +
         "] /Function << /FunctionType 2 /Domain [0 1] /C0 [" + rgb(g.start) + "] /C1 [" + rgb(g.end) +
         "] /N 1 >> /Extend [true true] >>";
}

struct Page {
  int width = 0, height = 0;  // px
  double pt_per_px = 0.75;
  std::string ops;            // drawing operators (after the flip), without the images
  std::optional<Gradient> gradient;
  double gradient_a = 0, gradient_b = 0;
  std::shared_ptr<const RgbaImage> logo;
  double logo_x = 0, logo_y = 0, logo_w = 0, logo_h = 0;
  std::string logo_clip;  // "re" paths for an even-odd clip, when the logo has windows
  Rgb background{255, 255, 255};
};

// Everything but the language-specific parts (gradient fills and the image are marked with
// the placeholders "%SH\n" and "%IM\n", filled in by each writer).
Result<Page> build_page(const ModuleGrid& grid, const Design& design, const Output& output) {
  Page page;
  page.background = design.background;
  int ox = 0, oy = 0;
  std::optional<FrameLayout> frame;
  if (design.frame) {
    auto laid = layout_frame(*design.frame, output.size);
    if (!laid) return laid.error();
    frame = std::move(*laid);
    page.width = frame->width;
    page.height = frame->height;
    ox = frame->code_x;
    oy = frame->code_y;
  } else {
    page.width = page.height = output.size;
  }
  const double mm = physical_mm(output);
  page.pt_per_px = mm > 0 ? mm / 25.4 * 72 / output.size : 0.75;
  std::string& out = page.ops;
  if (!design.transparent_background) {
    out += rgb(design.background) + " rg\n0 0 " + std::to_string(page.width) + " " + std::to_string(page.height) +
           " re\nf\n";
  }
  if (frame)
    for (const FrameFill& f : frame->fills) {
      out += rgb(f.colour) + " rg\n";
      path_ops(out, f.outline);
      out += "f\n";
    }
  const Scene scene = build_scene(grid, design, output.margin);
  const PixelPlacement pl = pixel_placement(scene.width, scene.margin, output.size, design.is_plain());
  const double scale = pl.pitch;
  const double dx = pl.symbol_start - scene.margin * scale + ox, dy = pl.symbol_start - scene.margin * scale + oy;
  for (const Layer& l : scene.layers) {
    const Outline o = to_outline(l.path, scale, dx, dy);
    if (l.paint.is_gradient) {
      page.gradient = l.paint.gradient;
      page.gradient_a = scene.margin * scale + dx;
      page.gradient_b = (scene.margin + scene.width) * scale + dx;
      out += "q\n";
      path_ops(out, o);
      out += "W n\n%SH\nQ\n";
    } else {
      out += rgb(l.paint.colour) + " rg\n";
      path_ops(out, o);
      out += "f\n";
    }
  }
  if (scene.logo) {
    auto decoded = logo_pixels(*design.logo);
    if (!decoded) return decoded.error();
    page.logo = std::move(*decoded);
    page.logo_x = scene.logo->x * scale + dx;
    page.logo_y = scene.logo->y * scale + dy;
    page.logo_w = scene.logo->w * scale;
    page.logo_h = scene.logo->h * scale;
    // Windows for alignment patterns (Scene::logo_windows): the logo box minus them, even-odd.
    if (!scene.logo_windows.empty()) {
      auto rect = [&](const LogoBox& r) {
        page.logo_clip += number_text(r.x * scale + dx) + " " + number_text(r.y * scale + dy) + " " +
                          number_text(r.w * scale) + " " + number_text(r.h * scale) + " re\n";
      };
      rect(*scene.logo);
      for (const LogoBox& w : scene.logo_windows) rect(w);
    }
    out += "%IM\n";
  }
  return page;
}

void replace_marker(std::string& s, const std::string& marker, const std::string& with) {
  for (std::size_t at = s.find(marker); at != std::string::npos; at = s.find(marker, at + with.size()))
    s.replace(at, marker.size(), with);
}

std::vector<std::uint8_t> write_pdf(Page& page) {
  const double k = page.pt_per_px;
  const std::string w_pt = number_text(page.width * k), h_pt = number_text(page.height * k);
  std::string content = number_text(k) + " 0 0 " + number_text(-k) + " 0 " + h_pt + " cm\n" + page.ops;
  replace_marker(content, "%SH\n", "/Sh0 sh\n");
  if (page.logo)
    replace_marker(content, "%IM\n",
                   "q\n" + page.logo_clip + (page.logo_clip.empty() ? "" : "W* n\n") + number_text(page.logo_w) +
                       " 0 0 " + number_text(-page.logo_h) + " " + number_text(page.logo_x) + " " +
                       number_text(page.logo_y + page.logo_h) + " cm\n/Im0 Do\nQ\n");
  // Operators use PDF's names already; the PostScript writer binds the same names.
  std::vector<std::string> objects;
  std::string resources;
  int next = 5;
  std::string shading_obj, image_obj, mask_obj;
  std::vector<std::uint8_t> image_data, mask_data;
  if (page.gradient) {
    resources += "/Shading << /Sh0 " + std::to_string(next) + " 0 R >> ";
    shading_obj = shading(*page.gradient, page.gradient_a, page.gradient_b, Lang::Pdf);
    ++next;
  }
  if (page.logo) {
    const RgbaImage& img = *page.logo;
    std::vector<std::uint8_t> rgb_px, alpha;
    rgb_px.reserve(static_cast<std::size_t>(img.width) * img.height * 3);
    bool opaque = true;
    for (std::size_t i = 0; i + 3 < img.pixels.size(); i += 4) {
      rgb_px.insert(rgb_px.end(), {img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]});
      alpha.push_back(img.pixels[i + 3]);
      opaque = opaque && img.pixels[i + 3] == 255;
    }
    image_data = zlib_compress(rgb_px.data(), rgb_px.size(), img.width * 3, 3);
    const int image_id = next++;
    resources += "/XObject << /Im0 " + std::to_string(image_id) + " 0 R >> ";
    image_obj = "<< /Type /XObject /Subtype /Image /Width " + std::to_string(img.width) + " /Height " +
                std::to_string(img.height) + " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode";
    if (!opaque) {
      mask_data = zlib_compress(alpha.data(), alpha.size(), img.width, 1);
      image_obj += " /SMask " + std::to_string(next) + " 0 R";
      mask_obj = "<< /Type /XObject /Subtype /Image /Width " + std::to_string(img.width) + " /Height " +
                 std::to_string(img.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode";
    }
  }

  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  auto object = [&](const std::string& body, const std::vector<std::uint8_t>* stream = nullptr) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body;
    if (stream) {
      pdf += " /Length " + std::to_string(stream->size()) + " >>\nstream\n";
      pdf.append(reinterpret_cast<const char*>(stream->data()), stream->size());
      pdf += "\nendstream";
    }
    pdf += "\nendobj\n";
  };
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + w_pt + " " + h_pt + "] /Resources << " + resources +
         ">> /Contents 4 0 R >>");
  const std::vector<std::uint8_t> content_bytes(content.begin(), content.end());
  object("<<", &content_bytes);
  if (page.gradient) object(shading_obj);
  if (page.logo) {
    object(image_obj, &image_data);
    if (!mask_obj.empty()) object(mask_obj, &mask_data);
  }
  // A fixed document ID derived from the content (FNV-1a), so equal pages get equal bytes.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : pdf) h = (h ^ c) * 1099511628211ull;
  char id[40];
  std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(h),
                static_cast<unsigned long long>(h * 31 + 7));
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R /ID [<" + id + "> <" + id +
         ">] >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return std::vector<std::uint8_t>(pdf.begin(), pdf.end());
}

std::vector<std::uint8_t> write_eps(Page& page) {
  const double k = page.pt_per_px;
  const double w = page.width * k, h = page.height * k;
  std::string ops = page.ops;
  if (page.gradient)
    replace_marker(ops, "%SH\n", shading(*page.gradient, page.gradient_a, page.gradient_b, Lang::Ps) + " shfill\n");
  if (page.logo) {
    // PostScript images have no soft mask: the logo is flattened onto the background colour.
    const RgbaImage& img = *page.logo;
    std::string im = "q\n" + page.logo_clip + (page.logo_clip.empty() ? "" : "eoclip newpath\n") +
                     number_text(page.logo_x) + " " + number_text(page.logo_y) + " translate " +
                     number_text(page.logo_w) + " " + number_text(page.logo_h) + " scale\n" +
                     std::to_string(img.width) + " " + std::to_string(img.height) +
                     " 8 [" + std::to_string(img.width) + " 0 0 " + std::to_string(img.height) +
                     " 0 0] currentfile /ASCIIHexDecode filter false 3 colorimage\n";
    static const char* hex = "0123456789abcdef";
    const Rgb bg = page.background;
    int col = 0;
    for (std::size_t i = 0; i + 3 < img.pixels.size(); i += 4) {
      const int a = img.pixels[i + 3];
      const std::uint8_t c[3] = {
          static_cast<std::uint8_t>((img.pixels[i] * a + bg.r * (255 - a) + 127) / 255),
          static_cast<std::uint8_t>((img.pixels[i + 1] * a + bg.g * (255 - a) + 127) / 255),
          static_cast<std::uint8_t>((img.pixels[i + 2] * a + bg.b * (255 - a) + 127) / 255)};
      for (std::uint8_t v : c) {
        im += hex[v >> 4];
        im += hex[v & 15];
      }
      if (++col == 40) {
        im += '\n';
        col = 0;
      }
    }
    im += ">\nQ\n";
    replace_marker(ops, "%IM\n", im);
  }
  std::string eps = "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 " + std::to_string(static_cast<int>(std::ceil(w))) +
                    " " + std::to_string(static_cast<int>(std::ceil(h))) +
                    "\n%%HiResBoundingBox: 0 0 " + number_text(w) + " " + number_text(h) +
                    "\n%%Creator: qredge\n%%LanguageLevel: 3\n%%Pages: 1\n%%EndComments\n"
                    "save\n20 dict begin\n/m /moveto load def /l /lineto load def /c /curveto load def\n"
                    "/h /closepath load def /f /fill load def /q /gsave load def /Q /grestore load def\n"
                    "/rg /setrgbcolor load def /re { 4 2 roll moveto exch dup 0 rlineto exch 0 exch rlineto neg 0 "
                    "rlineto closepath } bind def\n/W /clip load def /n /newpath load def\n"
                    "0 " + number_text(h) + " translate " + number_text(k) + " " + number_text(-k) + " scale\nnewpath\n";
  eps += ops;
  eps += "end\nrestore\nshowpage\n%%EOF\n";
  return std::vector<std::uint8_t>(eps.begin(), eps.end());
}

}  // namespace

Result<std::vector<std::uint8_t>> render_print(const ModuleGrid& grid, const Design& design, const Output& output) {
  auto page = build_page(grid, design, output);
  if (!page) return page.error();
  return output.format == Format::Eps ? write_eps(*page) : write_pdf(*page);
}

}  // namespace qredge
