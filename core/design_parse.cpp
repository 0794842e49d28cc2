// SPDX-License-Identifier: MIT
// Design and output parsing (API.md §2, §3): JSON -> Design / Output with defaults, and back.
// The first problem found is reported (fields are visited in key order, which nlohmann::json
// keeps sorted, so the reported error is deterministic). docs/rendering.md lists the decisions
// taken where API.md is silent (null means absent, gradient type defaults to top-to-bottom,
// only colours that are actually drawn take part in the contrast check).
#include "design_parse.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>
#include <vector>

#include "json_type_name.hpp"
#include "frame_parse.hpp"
#include "logo.hpp"
#include "output_size.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

using nlohmann::json;
using Names = std::vector<std::string_view>;


std::string list(const Names& names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// A short, printable rendition of a user string for messages (never markup-relevant: messages
// are plain text, but keep them one line and bounded).
std::string quote(const std::string& s) {
  // Whole characters: a byte cut would put invalid UTF-8 into the message (found by fuzzing).
  const std::string_view head = utf8::prefix(s, 40);
  std::string out = "\"";
  for (char c : head) out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (s.size() > head.size()) out += "…";
  return out + "\"";
}

std::optional<Rgb> parse_colour(const std::string& s) { return parse_hex_colour(s); }

std::string ratio_text(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f:1", std::floor(r * 100) / 100);
  return buf;
}

// Walks one JSON object: rejects unknown keys, hands out typed members.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  std::optional<Error> check_object(const char* what, const Names& known) const {
    if (!j_.is_object())
      return Error{path_, "invalid_type", std::string("`") + what + "` must be an object, not " + json_type_name(j_)};
    for (const auto& [key, value] : j_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end())
        return Error{at(key), "unknown_field",
                     "unknown field " + quote(key) + " in `" + what + "`; known fields: " + list(known)};
    }
    return std::nullopt;
  }
  std::string at(const std::string& key) const { return json_pointer_append(path_, key); }
  // The member, or nullptr when absent. A null member is present: its type check reports
  // invalid_type, as everywhere else in a request (docs/validation.md).
  const json* get(const char* key) const {
    auto it = j_.find(key);
    if (it == j_.end()) return nullptr;
    return &*it;
  }
  const std::string& path() const { return path_; }

 private:
  const json& j_;
  std::string path_;
};

Result<std::string> string_member(const json& v, const std::string& path, const std::string& name) {
  if (!v.is_string())
    return Error{path, "invalid_type", "`" + name + "` must be a string, not " + json_type_name(v)};
  return v.get<std::string>();
}

Result<Rgb> colour_member(const json& v, const std::string& path, const std::string& name) {
  auto s = string_member(v, path, name);
  if (!s) return s.error();
  auto rgb = parse_colour(*s);
  if (!rgb)
    return Error{path, "invalid_color", "`" + name + "` must be a colour written #rgb or #rrggbb (hex digits), not " + quote(*s)};
  return *rgb;
}

template <class E>
struct EnumName {
  const char* name;
  E value;
};

template <class E, std::size_t N>
Result<E> enum_member(const json& v, const std::string& path, const std::string& name, const EnumName<E> (&names)[N]) {
  auto s = string_member(v, path, name);
  if (!s) return s.error();
  for (const auto& n : names)
    if (*s == n.name) return n.value;
  std::string all;
  for (const auto& n : names) all += std::string(all.empty() ? "" : ", ") + n.name;
  return Error{path, "invalid_value", "`" + name + "` must be one of " + all + ", not " + quote(*s)};
}

template <class E, std::size_t N>
const char* enum_name(E value, const EnumName<E> (&names)[N]) {
  for (const auto& n : names)
    if (n.value == value) return n.name;
  return names[0].name;
}

const EnumName<Ecc> kEcc[] = {{"L", Ecc::L}, {"M", Ecc::M}, {"Q", Ecc::Q}, {"H", Ecc::H}};
const EnumName<GradientType> kGradient[] = {{"linear-top-to-bottom", GradientType::LinearTopToBottom},
                                            {"linear-left-to-right", GradientType::LinearLeftToRight},
                                            {"linear-diagonal", GradientType::LinearDiagonal},
                                            {"radial", GradientType::Radial}};
const EnumName<BodyShape> kBody[] = {{"square", BodyShape::Square},
                                     {"rounded", BodyShape::Rounded},
                                     {"dots", BodyShape::Dots},
                                     {"extra-rounded", BodyShape::ExtraRounded},
                                     {"classy", BodyShape::Classy},
                                     {"classy-rounded", BodyShape::ClassyRounded},
                                     {"diamond", BodyShape::Diamond},
                                     {"vertical-bars", BodyShape::VerticalBars},
                                     {"horizontal-bars", BodyShape::HorizontalBars}};
const EnumName<EyeFrameShape> kFrame[] = {{"square", EyeFrameShape::Square},
                                          {"rounded", EyeFrameShape::Rounded},
                                          {"extra-rounded", EyeFrameShape::ExtraRounded},
                                          {"circle", EyeFrameShape::Circle},
                                          {"leaf", EyeFrameShape::Leaf}};
const EnumName<EyeBallShape> kBall[] = {{"square", EyeBallShape::Square},   {"rounded", EyeBallShape::Rounded},
                                        {"circle", EyeBallShape::Circle},   {"diamond", EyeBallShape::Diamond},
                                        {"leaf", EyeBallShape::Leaf},       {"star", EyeBallShape::Star}};

// `https://host/...` without credentials, whitespace or control characters. The host fetches
// it (API.md §4.4, with its own, stricter checks); the engine only checks the syntax.
bool plausible_https_url(const std::string& url) {
  constexpr std::string_view scheme = "https://";
  if (url.size() <= scheme.size() || url.size() > 2048) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f || c == '\\' || c == '"' || c == '<' || c == '>') return false;
  const std::string rest = url.substr(scheme.size());
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string::npos) return false;
  const std::string host = authority.substr(0, authority.rfind(':') == std::string::npos || authority.back() == ']'
                                                    ? authority.size()
                                                    : authority.rfind(':'));
  return !host.empty();
}

Result<Logo> parse_logo(const json& j, const std::string& path) {
  Fields f(j, path);
  if (auto e = f.check_object("logo", {"url", "size", "clear_background"})) return *e;
  const json* url = f.get("url");
  if (!url) return Error{f.at("url"), "required", "`logo.url` is required: an https: URL or a data:image/png;base64 / data:image/jpeg;base64 URL"};
  auto s = string_member(*url, f.at("url"), "logo.url");
  if (!s) return s.error();
  Logo logo;
  if (s->rfind("data:", 0) == 0) {
    auto parsed = parse_logo_data_url(*s, f.at("url"));
    if (!parsed) return parsed.error();
    logo = std::move(*parsed);
  } else if (plausible_https_url(*s)) {
    // Bytes stay empty: the host fetches the image and hands it over as a data: URL or bytes.
    logo.url = *s;
  } else {
    return Error{f.at("url"), "invalid_logo",
                 "`logo.url` must be an https: URL without credentials, or a data:image/png;base64 / "
                 "data:image/jpeg;base64 URL"};
  }
  // A data: logo's url is its normal form (parse_logo_data_url), which to_json stores.
  if (const json* size = f.get("size")) {
    if (!size->is_number())
      return Error{f.at("size"), "invalid_type", std::string("`logo.size` must be a number, not ") + json_type_name(*size)};
    const double v = size->get<double>();
    if (!(v >= 0.10 && v <= 0.30))
      return Error{f.at("size"), "out_of_range", "`logo.size` must be from 0.10 to 0.30 of the symbol width"};
    logo.size = v;
  }
  if (const json* clear = f.get("clear_background")) {
    if (!clear->is_boolean())
      return Error{f.at("clear_background"), "invalid_type",
                   std::string("`logo.clear_background` must be a boolean, not ") + json_type_name(*clear)};
    logo.clear_background = clear->get<bool>();
  }
  return logo;
}

// A dark colour's luma may be at most this share of the background's. ZXing's HybridBinarizer
// gives an 8 x 8 block without contrast the threshold min / 2 (it assumes such a block is
// background) unless its neighbours say otherwise, so a flat area of a finder or of a large
// module lighter than half the background turns light, and ZXing Java 3.4 misses the code
// (measured: black lifted to grey 127 on white fails at 8 px per module and more, grey 120
// reads). 0.45 keeps a margin under that half (docs/rendering.md, "Contrast").
constexpr int kMaxLumaPercent = 45;

// API.md §2: every dark colour drawn must be darker than the background, contrast >= 3:1; and
// for camera decoders its luma at most 45 % of the background's.
std::optional<Error> check_scannable(const Design& d, const std::string& path) {
  const Rgb bg = d.transparent_background ? Rgb{255, 255, 255} : d.background;
  const std::string against =
      d.transparent_background ? std::string("white (the background is transparent)") : "the background " + to_hex(bg);
  const double lb = luminance(bg);
  auto check = [&](Rgb c, const std::string& p, const char* what) -> std::optional<Error> {
    const double lc = luminance(c);
    const double ratio = (std::max(lb, lc) + 0.05) / (std::min(lb, lc) + 0.05);
    const int limit = luma(bg) * kMaxLumaPercent / 100;
    if (lc < lb && ratio >= 3.0 && luma(c) <= limit) return std::nullopt;
    std::string msg = std::string("the ") + what + " " + to_hex(c) + " has a contrast ratio of " + ratio_text(ratio) +
                      " against " + against;
    if (lc < lb && ratio >= 3.0) {
      msg += "; its brightness (luma " + std::to_string(luma(c)) + " of 255) must be at most 45 % of the background's (" +
             std::to_string(limit) + "), or scanners built on ZXing read its flat areas as background";
      return Error{p, "unscannable_design", msg};
    }
    msg += lc >= lb ? "; it must be darker than the background (scanners expect dark modules on a light ground)"
                    : "; at least 3:1 is needed for scanners to read the code";
    return Error{p, "unscannable_design", msg};
  };
  const std::string colors = json_pointer_append(path, "colors");
  if (d.gradient) {
    const std::string g = json_pointer_append(path, "gradient");
    if (auto e = check(d.gradient->start, json_pointer_append(g, "start"), "gradient start colour")) return e;
    if (auto e = check(d.gradient->end, json_pointer_append(g, "end"), "gradient end colour")) return e;
  } else {
    if (auto e = check(d.foreground, json_pointer_append(colors, "foreground"), "foreground colour")) return e;
  }
  const std::string eyes = json_pointer_append(path, "eye_colors");
  if (d.eye_frame_color)
    if (auto e = check(*d.eye_frame_color, json_pointer_append(eyes, "frame"), "eye frame colour")) return e;
  if (d.eye_ball_color)
    if (auto e = check(*d.eye_ball_color, json_pointer_append(eyes, "ball"), "eye ball colour")) return e;
  return std::nullopt;
}

}  // namespace

Result<Design> parse_design(const json& j, const std::string& path) {
  Design d;
  Fields f(j, path);
  if (auto e = f.check_object("design", {"error_correction", "colors", "gradient", "shapes", "eye_colors", "logo",
                                         "transparent_background", "frame"}))
    return *e;

  if (const json* v = f.get("colors")) {
    Fields c(*v, f.at("colors"));
    if (auto e = c.check_object("colors", {"foreground", "background"})) return *e;
    if (const json* fg = c.get("foreground")) {
      auto rgb = colour_member(*fg, c.at("foreground"), "colors.foreground");
      if (!rgb) return rgb.error();
      d.foreground = *rgb;
    }
    if (const json* bg = c.get("background")) {
      auto rgb = colour_member(*bg, c.at("background"), "colors.background");
      if (!rgb) return rgb.error();
      d.background = *rgb;
    }
  }
  if (const json* v = f.get("error_correction")) {
    auto e = enum_member(*v, f.at("error_correction"), "error_correction", kEcc);
    if (!e) return e.error();
    d.error_correction = *e;
  }
  if (const json* v = f.get("eye_colors")) {
    Fields c(*v, f.at("eye_colors"));
    if (auto e = c.check_object("eye_colors", {"frame", "ball"})) return *e;
    if (const json* x = c.get("ball")) {
      auto rgb = colour_member(*x, c.at("ball"), "eye_colors.ball");
      if (!rgb) return rgb.error();
      d.eye_ball_color = *rgb;
    }
    if (const json* x = c.get("frame")) {
      auto rgb = colour_member(*x, c.at("frame"), "eye_colors.frame");
      if (!rgb) return rgb.error();
      d.eye_frame_color = *rgb;
    }
  }
  if (const json* v = f.get("frame")) {
    auto frame = parse_frame(*v, f.at("frame"));
    if (!frame) return frame.error();
    d.frame = std::move(*frame);
  }
  if (const json* v = f.get("gradient")) {
    Fields g(*v, f.at("gradient"));
    if (auto e = g.check_object("gradient", {"start", "end", "type"})) return *e;
    Gradient gradient;
    const json* end = g.get("end");
    if (!end) return Error{g.at("end"), "required", "`gradient.end` is required: a gradient needs both colours"};
    auto e = colour_member(*end, g.at("end"), "gradient.end");
    if (!e) return e.error();
    gradient.end = *e;
    const json* start = g.get("start");
    if (!start) return Error{g.at("start"), "required", "`gradient.start` is required: a gradient needs both colours"};
    auto s = colour_member(*start, g.at("start"), "gradient.start");
    if (!s) return s.error();
    gradient.start = *s;
    if (const json* t = g.get("type")) {
      auto type = enum_member(*t, g.at("type"), "gradient.type", kGradient);
      if (!type) return type.error();
      gradient.type = *type;
    }
    d.gradient = gradient;
  }
  if (const json* v = f.get("logo")) {
    auto logo = parse_logo(*v, f.at("logo"));
    if (!logo) return logo.error();
    d.logo = std::move(*logo);
  }
  if (const json* v = f.get("shapes")) {
    Fields s(*v, f.at("shapes"));
    if (auto e = s.check_object("shapes", {"body", "eye_frame", "eye_ball"})) return *e;
    if (const json* x = s.get("body")) {
      auto r = enum_member(*x, s.at("body"), "shapes.body", kBody);
      if (!r) return r.error();
      d.body = *r;
    }
    if (const json* x = s.get("eye_ball")) {
      auto r = enum_member(*x, s.at("eye_ball"), "shapes.eye_ball", kBall);
      if (!r) return r.error();
      d.eye_ball = *r;
    }
    if (const json* x = s.get("eye_frame")) {
      auto r = enum_member(*x, s.at("eye_frame"), "shapes.eye_frame", kFrame);
      if (!r) return r.error();
      d.eye_frame = *r;
    }
  }
  if (const json* v = f.get("transparent_background")) {
    if (!v->is_boolean())
      return Error{f.at("transparent_background"), "invalid_type",
                   std::string("`transparent_background` must be a boolean, not ") + json_type_name(*v)};
    d.transparent_background = v->get<bool>();
  }
  if (auto e = check_scannable(d, path)) return *e;
  return d;
}

Result<Output> parse_output(const json& j, const std::string& path) {
  Output o;
  Fields f(j, path);
  if (auto e = f.check_object("output", {"format", "size", "size_mm", "size_in", "dpi", "margin"})) return *e;
  if (const json* v = f.get("format")) {
    auto s = string_member(*v, f.at("format"), "output.format");
    if (!s) return s.error();
    if (*s == "svg") o.format = Format::Svg;
    else if (*s == "png") o.format = Format::Png;
    else if (*s == "pdf") o.format = Format::Pdf;
    else if (*s == "eps") o.format = Format::Eps;
    else return Error{f.at("format"), "invalid_value", "`output.format` must be svg, png, pdf or eps, not " + quote(*s)};
  }
  if (const json* v = f.get("margin")) {
    auto margin = parse_output_integer(*v, f.at("margin"), "margin", 0, 16, "modules");
    if (!margin) return margin.error();
    o.margin = *margin;
  }
  if (auto e = parse_output_size(j, path, o)) return *e;
  return o;
}

json to_json(const Design& d) {
  json j = {{"error_correction", enum_name(d.error_correction, kEcc)},
            {"colors", {{"foreground", to_hex(d.foreground)}, {"background", to_hex(d.background)}}},
            {"shapes",
             {{"body", enum_name(d.body, kBody)},
              {"eye_frame", enum_name(d.eye_frame, kFrame)},
              {"eye_ball", enum_name(d.eye_ball, kBall)}}},
            {"transparent_background", d.transparent_background}};
  if (d.gradient)
    j["gradient"] = {{"start", to_hex(d.gradient->start)},
                     {"end", to_hex(d.gradient->end)},
                     {"type", enum_name(d.gradient->type, kGradient)}};
  if (d.eye_frame_color || d.eye_ball_color) {
    json eyes = json::object();
    if (d.eye_frame_color) eyes["frame"] = to_hex(*d.eye_frame_color);
    if (d.eye_ball_color) eyes["ball"] = to_hex(*d.eye_ball_color);
    j["eye_colors"] = eyes;
  }
  if (d.frame) j["frame"] = to_json(*d.frame);
  if (d.logo)
    j["logo"] = {{"url", d.logo->url}, {"size", d.logo->size}, {"clear_background", d.logo->clear_background}};
  return j;
}

json to_json(const Output& o) {
  json j = {{"format", to_string(o.format)}, {"margin", o.margin}};
  size_to_json(o, j);
  return j;
}

}  // namespace qredge
