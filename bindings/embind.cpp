// SPDX-License-Identifier: MIT
// The only Embind translation unit. Strings, numbers and bytes cross the boundary; nothing that
// JS must .delete() does, and no C++ exception escapes into JS.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "validate.hpp"

using emscripten::val;
using nlohmann::json;

namespace {

// Errors cross as a plain object; rendering itself crosses as numbers and a memory view.
struct ErrorResult {
  bool ok = true;
  std::string code, message, path;  // set when !ok
};

ErrorResult failure(const qredge::Error& e) { return {false, e.code, e.message, e.path}; }

// Rendering takes two steps, so a batch's design and output cross the boundary (and are parsed,
// and a logo decoded) once per change rather than once per item:
//   prepareRender(designJson, outputJson) -> ErrorResult: parses and validates both
//   renderPrepared(payload) -> int: >= 0 the result's metadata (see pack_meta), -1 failed
//   lastError() -> ErrorResult of the last failed call
//   lastImage() -> Uint8Array VIEW of the last image in wasm memory: valid only until the next
//                  call into the module (or a memory growth); JS copies or decodes it at once.
// A per-item result object (ten fields, two of them strings) cost more than the SVG's path.
struct Prepared {
  qredge::Result<qredge::Design> design = qredge::Error{"", "not_prepared", "prepareRender was not called"};
  qredge::Result<qredge::Output> output = qredge::Output{};
};
Prepared prepared;
qredge::Rendered last_image;
qredge::Error last_error;

ErrorResult prepare_render(const std::string& design_json, const std::string& output_json) {
  try {
    const json d = json::parse(design_json, nullptr, false);
    prepared.design = d.is_discarded() ? qredge::Result<qredge::Design>(qredge::Error{"/design", "invalid_json", "design is not valid JSON"})
                                       : qredge::parse_design(d);
    const json o = json::parse(output_json, nullptr, false);
    prepared.output = o.is_discarded() ? qredge::Result<qredge::Output>(qredge::Error{"/output", "invalid_json", "output is not valid JSON"})
                                       : qredge::parse_output(o);
  } catch (const std::exception& e) {
    prepared.design = qredge::Error{"", "internal_error", e.what()};
  }
  if (!prepared.design) return failure(prepared.design.error());
  if (!prepared.output) return failure(prepared.output.error());
  return {};
}

// modules (21..177) << 16 | version (1..40) << 8 | format (0 svg, 1 png) << 3 | effective ECC
// (0..3 = L, M, Q, H): bindings/js/api.mjs unpacks it.
int pack_meta(const qredge::Rendered& r) {
  return r.modules << 16 | r.version << 8 | (r.format == qredge::Format::Png ? 1 : 0) << 3 |
         static_cast<int>(r.effective_error_correction);
}

int render_prepared(const std::string& payload) {
  try {
    if (!prepared.design) throw std::logic_error("render without a prepared design: " + prepared.design.error().message);
    if (!prepared.output) throw std::logic_error("render without a prepared output");
    auto rendered = qredge::render_payload(payload, *prepared.design, *prepared.output);
    if (!rendered) {
      last_error = rendered.error();
      return -1;
    }
    last_image = std::move(*rendered);
    return pack_meta(last_image);
  } catch (const std::exception& e) {
    last_error = {"", "internal_error", e.what()};
    return -1;
  }
}

ErrorResult last_error_result() { return failure(last_error); }

val last_image_view() {
  if (last_image.format == qredge::Format::Svg) return val(emscripten::typed_memory_view(last_image.svg.size(), last_image.svg.data()));
  return val(emscripten::typed_memory_view(last_image.png.size(), last_image.png.data()));
}

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

std::string core_version() { return "0.1.0"; }

}  // namespace

EMSCRIPTEN_BINDINGS(qredge) {
  emscripten::value_object<ErrorResult>("ErrorResult")
      .field("ok", &ErrorResult::ok)
      .field("code", &ErrorResult::code)
      .field("message", &ErrorResult::message)
      .field("path", &ErrorResult::path);
  emscripten::function("validateBatch", &validate_batch);
  emscripten::function("prepareRender", &prepare_render);
  emscripten::function("renderPrepared", &render_prepared);
  emscripten::function("lastError", &last_error_result);
  emscripten::function("lastImage", &last_image_view);
  emscripten::function("coreVersion", &core_version);
}
