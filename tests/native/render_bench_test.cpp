// SPDX-License-Identifier: MIT
// Native render throughput (one thread, 1000 codes per case). Disabled: it measures, it does
// not test. Run it with
//   build/<name>-native/qredge_native_tests --gtest_also_run_disabled_tests --gtest_filter='*Throughput*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "engine.hpp"
#include "design_parse.hpp"

namespace qredge {
namespace {

TEST(RenderBench, DISABLED_Throughput) {
  const Design plain;
  const Design styled = *parse_design(nlohmann::json::parse(
      R"({"shapes": {"body": "rounded", "eye_frame": "extra-rounded", "eye_ball": "circle"},
          "gradient": {"start": "#1d4ed8", "end": "#312e81", "type": "linear-diagonal"},
          "eye_colors": {"frame": "#b91c1c"}})"));
  struct Case {
    const char* name;
    const Design* design;
    Format format;
    int size;
  } cases[] = {{"plain", &plain, Format::Svg, 512},   {"styled", &styled, Format::Svg, 512},
               {"plain", &plain, Format::Png, 512},   {"styled", &styled, Format::Png, 512},
               {"plain", &plain, Format::Png, 1024},  {"styled", &styled, Format::Png, 1024}};
  for (const Case& c : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    for (int i = 0; i < 1000; ++i) {
      const std::string payload = "https://example.com/p/" + std::to_string(i) + "?ref=bench";
      auto r = render_payload(payload, *c.design, Output{c.format, c.size, 4});
      ASSERT_TRUE(r.ok());
      bytes += r->svg.size() + r->png.size();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("native %-6s %s %4d px: %6.0f codes/s (%.1f KiB each)\n", c.name, to_string(c.format), c.size,
                1000 / s, bytes / 1000.0 / 1024);
  }
}

}  // namespace
}  // namespace qredge
