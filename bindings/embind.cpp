// SPDX-License-Identifier: MIT
// The only Embind translation unit. Strings, numbers and bytes cross the boundary; nothing that
// JS must .delete() does, and no C++ exception escapes into JS.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <cstdlib>
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

// modules (21..177) << 16 | version (1..40) << 8 | format (0 svg, 1 png, 2 pdf, 3 eps) << 3 |
// effective ECC (0..3 = L, M, Q, H): bindings/js/api.mjs unpacks it.
int pack_meta(const qredge::Rendered& r) {
  return r.modules << 16 | r.version << 8 | static_cast<int>(r.format) << 3 |
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

// The last image's scan report (scan_report.hpp): numbers as fields, the notes (usually none)
// as JSON text {"adjustments":[…],"warnings":[…]}, or "" when there are none.
struct ScanResult {
  double px_per_module = 0, contrast_ratio = 0, logo_block_load = -1;  // -1: no logo
  std::string notes;
};

ScanResult last_scan() {
  const qredge::ScanReport& r = last_image.scan;
  ScanResult out{r.px_per_module, r.contrast_ratio, r.logo_block_load.value_or(-1), ""};
  if (!r.adjustments.empty() || !r.warnings.empty()) {
    auto list = [](const std::vector<qredge::ScanNote>& notes) {
      json a = json::array();
      for (const auto& n : notes) a.push_back({{"code", n.code}, {"message", n.message}});
      return a;
    };
    out.notes = json{{"adjustments", list(r.adjustments)}, {"warnings", list(r.warnings)}}.dump();
  }
  return out;
}

val last_image_view() {
  if (last_image.format == qredge::Format::Svg) return val(emscripten::typed_memory_view(last_image.svg.size(), last_image.svg.data()));
  return val(emscripten::typed_memory_view(last_image.png.size(), last_image.png.data()));
}

// validateBatchBytes(requestPtr, requestLength, optionsJson) -> Uint8Array VIEW of the JSON text
// of the ValidatedBatch, valid until the next call into the module.
// The request arrives as UTF-8 bytes that JS wrote into wasm memory (malloc'ed by JS; freed
// here): for a 1000-item request, Embind's std::string conversions walk every byte in JS
// loops, in and out, which cost a fifth of the validation.
std::string last_validation;

val validate_batch_bytes(std::uintptr_t request_ptr, std::size_t request_length, const std::string& options_json) {
  struct Owned {
    void* p;
    ~Owned() { std::free(p); }
  } owned{reinterpret_cast<void*>(request_ptr)};
  try {
    qredge::ValidateOptions options;
    const json o = json::parse(options_json, nullptr, false);
    if (o.is_object()) {
      options.dynamic_available = o.value("dynamic_available", false);
      if (o.contains("template_design")) options.template_design = o["template_design"];
    }
    const std::string_view request(static_cast<const char*>(owned.p), request_length);
    last_validation = qredge::to_json_text(qredge::validate_batch_text(request, options));
  } catch (const std::exception& e) {
    last_validation = json{{"ok", false},
                           {"errors", {{{"path", ""}, {"code", "internal_error"}, {"message", e.what()}}}},
                           {"items", json::array()}}.dump();
  }
  return val(emscripten::typed_memory_view(last_validation.size(), last_validation.data()));
}

std::string core_version() { return "0.1.0"; }

}  // namespace

EMSCRIPTEN_BINDINGS(qredge) {
  emscripten::value_object<ErrorResult>("ErrorResult")
      .field("ok", &ErrorResult::ok)
      .field("code", &ErrorResult::code)
      .field("message", &ErrorResult::message)
      .field("path", &ErrorResult::path);
  emscripten::value_object<ScanResult>("ScanResult")
      .field("px_per_module", &ScanResult::px_per_module)
      .field("contrast_ratio", &ScanResult::contrast_ratio)
      .field("logo_block_load", &ScanResult::logo_block_load)
      .field("notes", &ScanResult::notes);
  emscripten::function("validateBatchBytes", &validate_batch_bytes);
  emscripten::function("prepareRender", &prepare_render);
  emscripten::function("renderPrepared", &render_prepared);
  emscripten::function("lastError", &last_error_result);
  emscripten::function("lastImage", &last_image_view);
  emscripten::function("lastScan", &last_scan);
  emscripten::function("coreVersion", &core_version);
}
