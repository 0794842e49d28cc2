// SPDX-License-Identifier: MIT
#include "output_size.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "json_type_name.hpp"

namespace qredge {
namespace {

using nlohmann::json;

std::string fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::optional<Error> number(const json& v, const std::string& p, const char* name, double& out) {
  if (!v.is_number())
    return Error{p, "invalid_type", std::string("`output.") + name + "` must be a number, not " + json_type_name(v)};
  out = v.get<double>();
  return std::nullopt;
}

}  // namespace

Result<int> parse_output_integer(const json& v, const std::string& path, const char* name, int min, int max,
                                 const char* unit) {
  const std::string field = std::string("`output.") + name + "`";
  if (!v.is_number()) return Error{path, "invalid_type", field + " must be an integer, not " + json_type_name(v)};
  const double x = v.get<double>();
  if (v.is_number_float() && x != std::floor(x)) return Error{path, "invalid_type", field + " must be a whole number"};
  if (x < min || x > max)
    return Error{path, "out_of_range", field + " must be from " + std::to_string(min) + " to " + std::to_string(max) +
                                           (*unit ? std::string(" ") + unit : std::string())};
  return static_cast<int>(x);
}

std::optional<Error> parse_output_size(const json& j, const std::string& path, Output& o) {
  auto at = [&](const char* key) { return json_pointer_append(path, key); };
  auto get = [&](const char* key) -> const json* {
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
  };
  const json* px = get("size");
  const json* mm = get("size_mm");
  const json* in = get("size_in");
  // One way to say the size: the second one named (in key order) is the conflict.
  if ((px ? 1 : 0) + (mm ? 1 : 0) + (in ? 1 : 0) > 1) {
    const char* second = in ? "size_in" : "size_mm";
    return Error{at(second), "conflicting_fields",
                 "give the size one way: `output.size` (px), `output.size_mm` or `output.size_in`, not several"};
  }
  if (const json* v = get("dpi")) {
    auto d = parse_output_integer(*v, at("dpi"), "dpi", kMinDpi, kMaxDpi);
    if (!d) return d.error();
    o.dpi = *d;
  }
  if (px) {
    auto size = parse_output_integer(*px, at("size"), "size", 64, 4096, "px");
    if (!size) return size.error();
    o.size = *size;
    return std::nullopt;
  }
  if (!mm && !in) return std::nullopt;
  const char* name = mm ? "size_mm" : "size_in";
  const std::string p = at(name);
  double value = 0;
  if (auto e = number(mm ? *mm : *in, p, name, value)) return e;
  const double width_mm = mm ? value : value * 25.4;
  if (!(width_mm >= kMinSizeMm - 1e-9 && width_mm <= kMaxSizeMm + 1e-9))
    return Error{p, "out_of_range",
                 mm ? "`output.size_mm` must be from 10 to 1000 mm" : "`output.size_in` must be from 0.4 to 40 in"};
  o.unit = mm ? SizeUnit::Mm : SizeUnit::In;
  o.physical = value;
  const int dpi = o.dpi > 0 ? o.dpi : kDefaultDpi;
  o.dpi = dpi;  // a PNG of a physical size always says its resolution (pHYs)
  const long long pixels = std::llround(width_mm / 25.4 * dpi);
  if (o.format == Format::Png && (pixels < 64 || pixels > 4096))
    return Error{p, "out_of_range",
                 "`output." + std::string(name) + "` at " + std::to_string(dpi) + " dpi is " + std::to_string(pixels) +
                     " px; a PNG must be 64–4096 px wide: give a smaller `output.dpi` or size (" +
                     fixed(width_mm, 1) + " mm)"};
  // Vector formats only place the code on this pixel grid; keep it in the renderers' range.
  o.size = static_cast<int>(std::clamp<long long>(pixels, 64, 16384));
  return std::nullopt;
}

void size_to_json(const Output& o, json& out) {
  switch (o.unit) {
    case SizeUnit::Px: out["size"] = o.size; break;
    case SizeUnit::Mm: out["size_mm"] = o.physical; break;
    case SizeUnit::In: out["size_in"] = o.physical; break;
  }
  if (o.dpi > 0) out["dpi"] = o.dpi;
}

}  // namespace qredge
