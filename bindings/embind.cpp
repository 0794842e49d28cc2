// SPDX-License-Identifier: MIT
// The only Embind translation unit. Every call returns its own result, success or error, as a
// plain value object; nothing is kept for a later call to read ("last error", "last image"),
// nothing that JS must .delete() crosses, and no C++ exception escapes into JS.
//
// Text in: JSON arrives as UTF-8 bytes (a Uint8Array that JS encoded) and is copied into
// C++-owned memory inside the call, so JS never allocates wasm memory and cannot leak it
// (Embind's std::string conversion walks every byte in a JS loop: a fifth of a 1000-item
// validation). Out: PNG bytes come back as a Uint8Array copied out of wasm memory before the
// C++ buffer is freed (as squoosh's and zxing-wasm's bindings do); text (SVG, JSON results) as
// a JS string that TextDecoder read from wasm memory before the buffer is freed.
// Errors cross as the JSON text of an array of {code, message, path} ("" when there are none).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "render_cache.hpp"
#include "validate.hpp"

using emscripten::val;
using nlohmann::json;

namespace {

// A Uint8Array (or any array-like of bytes) copied into a C++ string.
std::string bytes_in(const val& bytes) {
  const auto n = bytes["length"].as<std::size_t>();
  std::string out(n, '\0');
  if (n) val(emscripten::typed_memory_view(n, reinterpret_cast<std::uint8_t*>(out.data()))).call<void>("set", bytes);
  return out;
}

// A copy of `s` as a new Uint8Array, made while `s` is alive.
val bytes_out(std::string_view s) {
  static const val uint8_array = val::global("Uint8Array");
  return uint8_array.new_(emscripten::typed_memory_view(s.size(), reinterpret_cast<const std::uint8_t*>(s.data())));
}

// UTF-8 text `s` as a JS string, decoded straight from wasm memory while `s` is alive: one
// pass, no intermediate copy (an SVG of a styled code with a logo is 35 KB; copying it out
// first and decoding the copy made such renders 1.2-1.3x as slow in an A/B run).
val text_out(std::string_view s) {
  static const val decoder = val::global("TextDecoder").new_();
  return decoder.call<val>("decode", val(emscripten::typed_memory_view(s.size(), reinterpret_cast<const std::uint8_t*>(s.data()))));
}

std::string errors_text(const std::vector<qredge::Error>& errors) {
  json a = json::array();
  for (const auto& e : errors) a.push_back(qredge::to_json(e));
  return a.dump();
}

std::string internal_error(const std::exception& e) {
  return errors_text({{"", "internal_error", e.what()}});
}

int ecc_index(qredge::Ecc e) { return static_cast<int>(e); }

// Designs and outputs validated once and kept ready to draw. A memo, not state a result
// depends on: render_cache.hpp says why a hit gives exactly what a fresh validation would.
qredge::RenderCache& render_cache() {
  static qredge::RenderCache cache;
  return cache;
}

// --- validateBatch(requestBytes, options) --------------------------------------------------

struct BatchOptions {
  bool dynamic_available = false;
  bool has_template_design = false;
  val template_design = val::undefined();  // Uint8Array: JSON text of the template's design
  bool prepare = false;                      // also keep the validated design ready to draw
};

struct BatchResult {
  val json = val::undefined();  // string: the ValidatedBatch's JSON text (validate.hpp)
  std::uint32_t render_id = 0;  // with `prepare` and an accepted request: renderPrepared's id
};

BatchResult validate_batch(const val& request_bytes, const BatchOptions& o) {
  BatchResult out;
  try {
    qredge::ValidateOptions options;
    options.dynamic_available = o.dynamic_available;
    if (o.has_template_design) {
      // The host looked the template up and read it from its own storage: JSON it wrote.
      const json t = json::parse(bytes_in(o.template_design), nullptr, false);
      options.template_design = t.is_discarded() ? json() : t;
    }
    const qredge::ValidatedBatch batch = qredge::validate_batch_text(bytes_in(request_bytes), options);
    if (o.prepare && batch.ok()) out.render_id = render_cache().add({batch.design, batch.output});
    out.json = text_out(qredge::to_json_text(batch));
  } catch (const std::exception& e) {
    out.json = text_out(json{{"ok", false},
                              {"errors", {{{"path", ""}, {"code", "internal_error"}, {"message", e.what()}}}},
                              {"items", json::array()}}.dump());
  }
  return out;
}

// --- validateDesign / validateOutput / validateMetadata(bytes, path) ------------------------------------------

struct CheckResult {
  bool ok = false;
  val value = val::undefined();  // string: JSON text of the normalised value, when ok
  std::string errors;            // JSON array of {code, message, path} when not ok
};

template <class Validate>
CheckResult check(const val& bytes, const std::string& path, Validate validate) {
  CheckResult out;
  try {
    auto r = validate(bytes_in(bytes), path);
    if (!r) {
      out.errors = errors_text({r.error()});
      return out;
    }
    out.ok = true;
    out.value = text_out(qredge::to_json(*r).dump());
  } catch (const std::exception& e) {
    out.errors = internal_error(e);
  }
  return out;
}

CheckResult validate_design(const val& bytes, const std::string& path) {
  return check(bytes, path, [](std::string_view t, const std::string& p) { return qredge::validate_design_text(t, p); });
}

CheckResult validate_output(const val& bytes, const std::string& path) {
  return check(bytes, path, [](std::string_view t, const std::string& p) { return qredge::validate_output_text(t, p); });
}

CheckResult validate_metadata(const val& bytes, const std::string& path) {
  return check(bytes, path, [](std::string_view t, const std::string& p) { return qredge::validate_metadata_text(t, p); });
}

// --- validateTarget(bytes, options) --------------------------------------------------------

struct TargetOptions {
  std::string path;
  bool dynamic_available = false;
  int error_correction = 2;  // 0..3 = L, M, Q, H
};

struct TargetResult {
  bool ok = false;
  std::string type, kind, payload;
  std::string errors;
};

TargetResult validate_target(const val& bytes, const TargetOptions& o) {
  TargetResult out;
  try {
    qredge::TargetOptions options;
    options.dynamic_available = o.dynamic_available;
    options.error_correction = static_cast<qredge::Ecc>(o.error_correction & 3);
    auto t = qredge::validate_target_text(bytes_in(bytes), o.path, options);
    out.ok = t.ok;
    out.type = std::move(t.type);
    out.kind = std::move(t.kind);
    out.payload = std::move(t.payload);
    if (t.error) out.errors = errors_text({*t.error});
  } catch (const std::exception& e) {
    out.errors = internal_error(e);
  }
  return out;
}

// --- prepareRender(designBytes, outputBytes) and renderPrepared(id, payload) ---------------

struct PrepareResult {
  bool ok = false;
  std::uint32_t id = 0;          // for renderPrepared
  int error_correction = 2;      // the design's effective level, 0..3 = L, M, Q, H
  std::string errors;
};

PrepareResult prepare_render(const val& design_bytes, const val& output_bytes) {
  PrepareResult out;
  try {
    auto p = render_cache().prepare(bytes_in(design_bytes), bytes_in(output_bytes));
    if (!p.errors.empty()) {
      out.errors = errors_text(p.errors);
      return out;
    }
    out.ok = true;
    out.id = p.id;
    out.error_correction = ecc_index(p.render->design.effective_error_correction());
  } catch (const std::exception& e) {
    out.errors = internal_error(e);
  }
  return out;
}

// One rendered code (renderPrepared). Its scan report's notes (usually none) cross as JSON
// text {"adjustments":[…],"warnings":[…]}, or undefined when there are none. A std::string
// field costs a copy, an allocation and a free per call even when empty (Embind reads fields
// one getter call at a time), so the usually-empty ones are JS values, the format crosses as a
// number and renderPrepared's result has no target fields.
struct RenderResult {
  bool ok = false;
  val errors = val::undefined();  // string, when not ok; `not_prepared` when the id was evicted
  int format = 0;                // 0..3 = svg, png, pdf, eps
  val data = val::undefined();   // string: the SVG; Uint8Array: the PNG, PDF or EPS file
  int version = 0, modules = 0;
  int error_correction = 2;      // 0..3 = L, M, Q, H
  double px_per_module = 0, contrast_ratio = 0, logo_block_load = -1;  // -1: no logo
  val notes = val::undefined();
};

// renderTarget's: the code and the validated target's type and payload.
struct TargetRenderResult : RenderResult {
  std::string type, payload;
};

val notes_text(const qredge::ScanReport& r) {
  if (r.adjustments.empty() && r.warnings.empty()) return val::undefined();
  auto list = [](const std::vector<qredge::ScanNote>& notes) {
    json a = json::array();
    for (const auto& n : notes) a.push_back({{"code", n.code}, {"message", n.message}});
    return a;
  };
  return text_out(json{{"adjustments", list(r.adjustments)}, {"warnings", list(r.warnings)}}.dump());
}

const qredge::PreparedRender* find_prepared(std::uint32_t id, RenderResult& out) {
  const qredge::PreparedRender* prepared = render_cache().find(id);
  if (!prepared) out.errors = text_out(errors_text({{"", "not_prepared", "the prepared design was evicted; prepare it again"}}));
  return prepared;
}

// renderPreparedView's file bytes: kept here until the next such call, so that the caller can
// write them to a file straight from wasm memory (no Uint8Array copy, no garbage).
std::vector<std::uint8_t>& last_file() {
  static std::vector<std::uint8_t> bytes;
  return bytes;
}

void draw(const qredge::PreparedRender& prepared, const std::string& payload, RenderResult& out, bool view = false) {
  auto r = qredge::render_payload(payload, prepared.design, prepared.output);
  if (!r) {
    out.errors = text_out(errors_text({r.error()}));
    return;
  }
  out.ok = true;
  // SVG is text; PNG, PDF and EPS are files, whose bytes ride in Rendered::png.
  out.format = static_cast<int>(r->format);
  if (r->format == qredge::Format::Svg) {
    out.data = text_out(r->svg);
  } else if (view) {
    last_file() = std::move(r->png);
    out.data = val(emscripten::typed_memory_view(last_file().size(), last_file().data()));
  } else {
    out.data = bytes_out(std::string_view(reinterpret_cast<const char*>(r->png.data()), r->png.size()));
  }
  out.version = r->version;
  out.modules = r->modules;
  out.error_correction = ecc_index(r->effective_error_correction);
  out.px_per_module = r->scan.px_per_module;
  out.contrast_ratio = r->scan.contrast_ratio;
  out.logo_block_load = r->scan.logo_block_load.value_or(-1);
  out.notes = notes_text(r->scan);
}

RenderResult render_prepared_as(std::uint32_t id, const std::string& payload, bool view) {
  RenderResult out;
  try {
    if (const auto* prepared = find_prepared(id, out)) draw(*prepared, payload, out, view);
  } catch (const std::exception& e) {
    out.errors = text_out(internal_error(e));
  }
  return out;
}

RenderResult render_prepared(std::uint32_t id, const std::string& payload) { return render_prepared_as(id, payload, false); }

// renderPrepared, with a file's bytes as a Uint8Array *view* of wasm memory that the next
// renderPreparedView call (or any call that grows the memory) invalidates: for a caller that
// writes them to a file at once (renderBatch's `files`; node-threads.mjs). On two threads the
// copies cost about 40 ms of a 1000-item styled PNG batch (docs/performance.md).
RenderResult render_prepared_view(std::uint32_t id, const std::string& payload) {
  return render_prepared_as(id, payload, true);
}

// --- renderTarget(id, targetBytes) ---------------------------------------------------------
// render(): the target validated at /target at the prepared design's error correction (as
// validateTarget), then drawn, in one call: the payload does not cross the boundary twice.
TargetRenderResult render_target(std::uint32_t id, const val& target_bytes) {
  TargetRenderResult out;
  try {
    const auto* prepared = find_prepared(id, out);
    if (!prepared) return out;
    static const std::string kPath = "/target";
    qredge::TargetOptions options;
    options.error_correction = prepared->design.effective_error_correction();
    auto t = qredge::validate_target_text(bytes_in(target_bytes), kPath, options);
    if (!t.ok) {
      out.errors = text_out(errors_text({*t.error}));
      return out;
    }
    out.type = std::move(t.type);
    out.payload = std::move(t.payload);
    draw(*prepared, out.payload, out);
  } catch (const std::exception& e) {
    out.errors = text_out(internal_error(e));
  }
  return out;
}

// The fields every rendered result has, on RenderResult or a struct made from it.
template <class R>
emscripten::value_object<R>& register_render_result(emscripten::value_object<R>&& o) {
  // A pointer to a member of RenderResult, as one of R (Embind wants the registered type's).
  auto of = [](auto RenderResult::*m) -> std::remove_reference_t<decltype(std::declval<R&>().*m)> R::* { return m; };
  return o.field("ok", of(&RenderResult::ok))
      .field("errors", of(&RenderResult::errors))
      .field("format", of(&RenderResult::format))
      .field("data", of(&RenderResult::data))
      .field("version", of(&RenderResult::version))
      .field("modules", of(&RenderResult::modules))
      .field("error_correction", of(&RenderResult::error_correction))
      .field("px_per_module", of(&RenderResult::px_per_module))
      .field("contrast_ratio", of(&RenderResult::contrast_ratio))
      .field("logo_block_load", of(&RenderResult::logo_block_load))
      .field("notes", of(&RenderResult::notes));
}

// Bytes of the wasm heap in use (dlmalloc): tests check that failing calls free what they took.
double heap_bytes_in_use() { return static_cast<double>(mallinfo().uordblks); }

std::string core_version() { return QREDGE_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(qredge) {
  emscripten::value_object<BatchOptions>("BatchOptions")
      .field("dynamic_available", &BatchOptions::dynamic_available)
      .field("has_template_design", &BatchOptions::has_template_design)
      .field("template_design", &BatchOptions::template_design)
      .field("prepare", &BatchOptions::prepare);
  emscripten::value_object<BatchResult>("BatchResult")
      .field("json", &BatchResult::json)
      .field("render_id", &BatchResult::render_id);
  emscripten::value_object<CheckResult>("CheckResult")
      .field("ok", &CheckResult::ok)
      .field("value", &CheckResult::value)
      .field("errors", &CheckResult::errors);
  emscripten::value_object<TargetOptions>("TargetOptions")
      .field("path", &TargetOptions::path)
      .field("dynamic_available", &TargetOptions::dynamic_available)
      .field("error_correction", &TargetOptions::error_correction);
  emscripten::value_object<TargetResult>("TargetResult")
      .field("ok", &TargetResult::ok)
      .field("type", &TargetResult::type)
      .field("kind", &TargetResult::kind)
      .field("payload", &TargetResult::payload)
      .field("errors", &TargetResult::errors);
  emscripten::value_object<PrepareResult>("PrepareResult")
      .field("ok", &PrepareResult::ok)
      .field("id", &PrepareResult::id)
      .field("error_correction", &PrepareResult::error_correction)
      .field("errors", &PrepareResult::errors);
  register_render_result(emscripten::value_object<RenderResult>("RenderResult"));
  register_render_result(emscripten::value_object<TargetRenderResult>("TargetRenderResult"))
      .field("type", &TargetRenderResult::type)
      .field("payload", &TargetRenderResult::payload);
  emscripten::function("validateBatch", &validate_batch);
  emscripten::function("validateDesign", &validate_design);
  emscripten::function("validateOutput", &validate_output);
  emscripten::function("validateMetadata", &validate_metadata);
  emscripten::function("validateTarget", &validate_target);
  emscripten::function("prepareRender", &prepare_render);
  emscripten::function("renderPrepared", &render_prepared);
  emscripten::function("renderPreparedView", &render_prepared_view);
  emscripten::function("renderTarget", &render_target);
  emscripten::function("heapBytesInUse", &heap_bytes_in_use);
  emscripten::function("coreVersion", &core_version);
}
