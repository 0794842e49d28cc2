// SPDX-License-Identifier: MIT
// Validated designs and outputs kept ready to draw, so a host rendering many codes with one
// design parses and validates its JSON text, and decodes its logo, once rather than per code.
//
// Why this cannot change a result: an entry is found only by the exact text it was made from
// (or by the id handed out for that text), and validating a text is a pure function of the
// text, so a hit gives what a fresh validation would give. Ids are never reused (a 32-bit
// counter: 4 billion prepares before one could come back), so an id can only ever name the
// texts it was issued for; an evicted id is reported as such and the caller prepares again.
// The cache is bounded in entries and in bytes (texts, logo bytes and decoded pixels), so it
// cannot grow with the number of calls; one entry (the newest) is always kept.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "design.hpp"
#include "error.hpp"

namespace qredge {

struct PreparedRender {
  Design design;
  Output output;
};

class RenderCache {
 public:
  explicit RenderCache(std::size_t max_entries = 4, std::size_t max_bytes = std::size_t{24} << 20)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  struct Prepared {
    std::uint32_t id = 0;                    // 0 when `errors` is not empty
    const PreparedRender* render = nullptr;  // valid until the next prepare/add on this cache
    std::vector<Error> errors;               // the design's problem, then the output's
  };

  // The entry for exactly these texts; on a miss both are validated (validate_design_text at
  // "/design", validate_output_text at "/output") and, when both are valid, added.
  Prepared prepare(std::string_view design_json, std::string_view output_json);
  // Adds values validated elsewhere (a batch's design and output) under the texts of their
  // normalised JSON form, which parse back to equal values (design_parse_test checks it).
  std::uint32_t add(PreparedRender value);
  // The entry with this id, or nullptr when it was evicted (or never issued).
  const PreparedRender* find(std::uint32_t id);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t id;
    std::string design_json, output_json;
    PreparedRender value;
    std::size_t bytes;
  };
  Prepared insert(std::string design_json, std::string output_json, PreparedRender value);

  std::size_t max_entries_, max_bytes_;
  std::uint32_t next_id_ = 1;
  std::vector<std::unique_ptr<Entry>> entries_;  // most recently used first
};

}  // namespace qredge
