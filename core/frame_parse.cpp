// SPDX-License-Identifier: MIT
#include "frame_parse.hpp"

#include <algorithm>

#include "frame_layout.hpp"
#include "frame_text.hpp"
#include "json_type_name.hpp"
#include "utf8.hpp"

namespace qredge {
namespace {

using nlohmann::json;

struct StyleName {
  const char* name;
  FrameStyle style;
};
constexpr StyleName kStyles[] = {{"box", FrameStyle::Box},
                                 {"banner-bottom", FrameStyle::BannerBottom},
                                 {"banner-top", FrameStyle::BannerTop},
                                 {"rounded", FrameStyle::Rounded},
                                 {"ticket", FrameStyle::Ticket}};

Result<Rgb> colour(const json& v, const std::string& path, const char* name) {
  if (!v.is_string())
    return Error{path, "invalid_type", std::string("`frame.") + name + "` must be a string, not " + json_type_name(v)};
  auto rgb = parse_hex_colour(v.get<std::string>());
  if (!rgb)
    return Error{path, "invalid_color", std::string("`frame.") + name + "` must be a colour written #rgb or #rrggbb"};
  return *rgb;
}

}  // namespace

Result<Frame> parse_frame(const json& j, const std::string& path) {
  if (!j.is_object())
    return Error{path, "invalid_type", std::string("`frame` must be an object, not ") + json_type_name(j)};
  static const char* const known[] = {"style", "text", "color", "text_color"};
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return key == k; }) == std::end(known))
      return Error{json_pointer_append(path, key), "unknown_field",
                   "unknown field in `frame`; known fields: style, text, color, text_color"};
  }
  Frame f;
  auto at = [&](const char* key) { return json_pointer_append(path, key); };
  if (auto it = j.find("color"); it != j.end()) {
    auto c = colour(*it, at("color"), "color");
    if (!c) return c.error();
    f.color = *c;
  }
  if (auto it = j.find("style"); it != j.end()) {
    if (!it->is_string())
      return Error{at("style"), "invalid_type", std::string("`frame.style` must be a string, not ") + json_type_name(*it)};
    const std::string s = it->get<std::string>();
    auto found = std::find_if(std::begin(kStyles), std::end(kStyles), [&](const StyleName& n) { return s == n.name; });
    if (found == std::end(kStyles))
      return Error{at("style"), "invalid_value",
                   "`frame.style` must be one of box, banner-bottom, banner-top, rounded, ticket"};
    f.style = found->style;
  }
  if (auto it = j.find("text"); it != j.end()) {
    const std::string p = at("text");
    if (!it->is_string())
      return Error{p, "invalid_type", std::string("`frame.text` must be a string, not ") + json_type_name(*it)};
    std::string text = it->get<std::string>();
    if (utf8::find_invalid(text) != utf8::npos)
      return Error{p, "invalid_utf8", "`frame.text` is not valid UTF-8"};
    if (utf8::count_code_points(text) > kMaxFrameText)
      return Error{p, "too_long", "`frame.text` must be at most 40 characters"};
    char32_t control = 0;
    if (utf8::find_control(text, &control) != utf8::npos || text.find_first_of("\n\t") != std::string::npos)
      return Error{p, "invalid_value", "`frame.text` must be one line without control characters"};
    if (const char32_t missing = first_missing_glyph(text))
      return Error{p, "unsupported_character",
                   "`frame.text` has " + utf8::code_point_name(missing) +
                       ", which the frame font lacks (it covers Latin, Greek and Cyrillic letters, digits and "
                       "common punctuation)"};
    f.text = std::move(text);
  }
  if (auto it = j.find("text_color"); it != j.end()) {
    auto c = colour(*it, at("text_color"), "text_color");
    if (!c) return c.error();
    f.text_color = *c;
  }
  // The fit does not depend on the size (frame_layout.hpp): check it once, here.
  if (auto laid = layout_frame(f, 1000, path); !laid) return laid.error();
  return f;
}

json to_json(const Frame& f) {
  const char* style = "box";
  for (const auto& n : kStyles)
    if (n.style == f.style) style = n.name;
  return {{"style", style}, {"text", f.text}, {"color", to_hex(f.color)}, {"text_color", to_hex(f.text_color)}};
}

std::optional<Error> check_frame_output(const Design& design, const Output& output, const std::string& output_path) {
  if (!design.frame || output.margin >= kFrameMinMargin) return std::nullopt;
  return Error{json_pointer_append(output_path, "margin"), "out_of_range",
               "with a frame `output.margin` must be at least 2 modules: the frame sits right outside the quiet "
               "zone, and finder patterns need light around them"};
}

}  // namespace qredge
