// SPDX-License-Identifier: MIT
#include "render_cache.hpp"

#include <algorithm>
#include <utility>

#include "design_parse.hpp"
#include "logo.hpp"
#include "validate.hpp"

namespace qredge {
namespace {

std::size_t bytes_of(const std::string& design_json, const std::string& output_json, const PreparedRender& r) {
  std::size_t n = sizeof(PreparedRender) + design_json.size() + output_json.size();
  if (const auto& logo = r.design.logo) {
    n += logo->url.size() + logo->bytes.size();
    if (logo->pixels) n += logo->pixels->pixels.size();
  }
  return n;
}

}  // namespace

RenderCache::Prepared RenderCache::prepare(std::string_view design_json, std::string_view output_json) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = *entries_[i];
    if (e.design_json == design_json && e.output_json == output_json) {
      std::rotate(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(i),
                  entries_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return {e.id, &e.value, {}};
    }
  }
  auto design = validate_design_text(design_json, "/design");
  auto output = validate_output_text(output_json, "/output");
  Prepared failed;
  if (!design) failed.errors.push_back(design.error());
  if (!output) failed.errors.push_back(output.error());
  if (!failed.errors.empty()) return failed;
  return insert(std::string(design_json), std::string(output_json), {std::move(*design), *output});
}

std::uint32_t RenderCache::add(PreparedRender value) {
  std::string design_json = to_json(value.design).dump(), output_json = to_json(value.output).dump();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = *entries_[i];
    if (e.design_json == design_json && e.output_json == output_json) return prepare(design_json, output_json).id;
  }
  return insert(std::move(design_json), std::move(output_json), std::move(value)).id;
}

RenderCache::Prepared RenderCache::insert(std::string design_json, std::string output_json, PreparedRender value) {
  const std::uint32_t id = next_id_;
  next_id_ = next_id_ == UINT32_MAX ? 1 : next_id_ + 1;
  const std::size_t bytes = bytes_of(design_json, output_json, value);
  entries_.insert(entries_.begin(),
                  std::make_unique<Entry>(Entry{id, std::move(design_json), std::move(output_json), std::move(value), bytes}));
  std::size_t total = 0;
  for (const auto& e : entries_) total += e->bytes;
  while (entries_.size() > 1 && (entries_.size() > max_entries_ || total > max_bytes_)) {
    total -= entries_.back()->bytes;
    entries_.pop_back();
  }
  return {id, &entries_.front()->value, {}};
}

const PreparedRender* RenderCache::find(std::uint32_t id) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i]->id != id) continue;
    std::rotate(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(i),
                entries_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return &entries_.front()->value;
  }
  return nullptr;
}

}  // namespace qredge
