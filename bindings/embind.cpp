// SPDX-License-Identifier: MIT
// The only Embind translation unit. Strings and bytes cross the boundary; nothing that JS
// must .delete() does, and no C++ exception escapes into JS.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "validate.hpp"

using emscripten::val;
using nlohmann::json;

namespace {

struct RenderResult {
  bool ok = false;
  std::string code, message, path;  // set when !ok
  std::string format;
  // The image as a Uint8Array copy, never a view into wasm memory. The SVG travels as UTF-8
  // bytes too: JS decodes it once with TextDecoder, where Embind's std::string conversion walks
  // every byte in a JS loop (17 % of a plain SVG render in the wasm profile).
  val svg_utf8 = val::null();
  val png = val::null();
  int version = 0;
  int modules = 0;
  std::string effective_error_correction;
};

RenderResult failure(const qredge::Error& e) {
  RenderResult r;
  r.code = e.code;
  r.message = e.message;
  r.path = e.path;
  return r;
}

// Batches render many items with one design: parse (and decode its logo) once per change.
struct DesignCache {
  std::string key;
  qredge::Result<qredge::Design> design = qredge::Design{};
  std::string output_key;
  qredge::Result<qredge::Output> output = qredge::Output{};
};
DesignCache cache;

// validateBatch(requestJson, optionsJson) -> JSON text of the ValidatedBatch.
std::string validate_batch(const std::string& request, const std::string& options_json) {
  try {
    qredge::ValidateOptions options;
    const json o = json::parse(options_json, nullptr, false);
    if (o.is_object()) {
      options.dynamic_available = o.value("dynamic_available", false);
      if (o.contains("template_design")) options.template_design = o["template_design"];
    }
    return qredge::to_json_text(qredge::validate_batch_text(request, options));
  } catch (const std::exception& e) {
    return json{{"ok", false},
                {"errors", {{{"path", ""}, {"code", "internal_error"}, {"message", e.what()}}}},
                {"items", json::array()}}.dump();
  }
}

// renderPayload(payload, designJson, outputJson): the design and output are validated again
// (cheaply, cached), so a host can never render an unchecked design.
RenderResult render_payload(const std::string& payload, const std::string& design_json,
                            const std::string& output_json) {
  try {
    if (design_json != cache.key) {
      const json d = json::parse(design_json, nullptr, false);
      cache.design = d.is_discarded() ? qredge::Result<qredge::Design>(qredge::Error{"/design", "invalid_json", "design is not valid JSON"})
                                      : qredge::parse_design(d);
      cache.key = design_json;
    }
    if (output_json != cache.output_key) {
      const json o = json::parse(output_json, nullptr, false);
      cache.output = o.is_discarded() ? qredge::Result<qredge::Output>(qredge::Error{"/output", "invalid_json", "output is not valid JSON"})
                                      : qredge::parse_output(o);
      cache.output_key = output_json;
    }
    if (!cache.design) return failure(cache.design.error());
    if (!cache.output) return failure(cache.output.error());
    auto rendered = qredge::render_payload(payload, *cache.design, *cache.output);
    if (!rendered) return failure(rendered.error());
    RenderResult r;
    r.ok = true;
    r.format = qredge::to_string(rendered->format);
    r.version = rendered->version;
    r.modules = rendered->modules;
    r.effective_error_correction = qredge::to_string(rendered->effective_error_correction);
    if (rendered->format == qredge::Format::Svg) {
      const auto& svg = rendered->svg;
      r.svg_utf8 = val::global("Uint8Array").new_(emscripten::typed_memory_view(svg.size(), svg.data()));
    } else {
      const auto& png = rendered->png;
      r.png = val::global("Uint8Array").new_(emscripten::typed_memory_view(png.size(), png.data()));
    }
    return r;
  } catch (const std::exception& e) {
    return failure({"", "internal_error", e.what()});
  }
}

std::string core_version() { return "0.1.0"; }

}  // namespace

EMSCRIPTEN_BINDINGS(qredge) {
  emscripten::value_object<RenderResult>("RenderResult")
      .field("ok", &RenderResult::ok)
      .field("code", &RenderResult::code)
      .field("message", &RenderResult::message)
      .field("path", &RenderResult::path)
      .field("format", &RenderResult::format)
      .field("svg_utf8", &RenderResult::svg_utf8)
      .field("png", &RenderResult::png)
      .field("version", &RenderResult::version)
      .field("modules", &RenderResult::modules)
      .field("effective_error_correction", &RenderResult::effective_error_correction);
  emscripten::function("validateBatch", &validate_batch);
  emscripten::function("renderPayload", &render_payload);
  emscripten::function("coreVersion", &core_version);
}
