// SPDX-License-Identifier: MIT
// Native baseline for scripts/bench: the same core (libqredge_core.a + libqrencode.a, release)
// rendering the reference workload, timed in-process, one JSON line per run on stdout.
//   qredge_bench [--items N] [--repeats R] [--format svg|png|both] [--size PX] [--sample-dir DIR]
//                [--styled 1]   (the styled workload of scripts/bench.mjs, without logo)
// Each repeat renders every payload once per format; the Node bench spawns this once per
// repeat (interleaved with the other engines) and reads the JSON. `--format svg` alone is what
// callgrind profiles.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "design.hpp"
#include "engine.hpp"

namespace {

std::string payload(int i) {
  return "https://example.com/p/" + std::to_string(i) +
         "?utm_source=qrkit&utm_campaign=launch-" + std::to_string(i % 37);
}

struct Run {
  double seconds = 0;
  std::size_t bytes = 0;
  int modules = 0;
};

// Renders every payload once; `size` 0 means (modules + 2 * margin) * 10 per code.
// Plain: Q, black on white, squares. Styled: the bench's styled workload (rounded body, circle
// eyes, diagonal gradient #1d4ed8 -> #312e81), used for callgrind profiles of the styled path.
qredge::Design make_design(bool styled) {
  qredge::Design d;
  if (!styled) return d;
  d.body = qredge::BodyShape::Rounded;
  d.eye_frame = qredge::EyeFrameShape::Circle;
  d.eye_ball = qredge::EyeBallShape::Circle;
  d.gradient = qredge::Gradient{{0x1d, 0x4e, 0xd8}, {0x31, 0x2e, 0x81}, qredge::GradientType::LinearDiagonal};
  return d;
}

Run run(const std::vector<std::string>& payloads, qredge::Format format, int size, bool styled) {
  const qredge::Design design = make_design(styled);
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : payloads) {
    qredge::Output output;
    output.format = format;
    output.margin = 4;
    output.size = size > 0 ? size : 490;
    auto rendered = qredge::render_payload(p, design, output);
    if (!rendered) {
      std::fprintf(stderr, "render failed: %s\n", rendered.error().message.c_str());
      std::exit(1);
    }
    if (size <= 0 && !styled && (rendered->modules + 8) * 10 != output.size) {
      // Not the version the Node side assumed: render again at this code's own size.
      output.size = (rendered->modules + 8) * 10;
      rendered = qredge::render_payload(p, design, output);
    }
    r.bytes += format == qredge::Format::Svg ? rendered->svg.size() : rendered->png.size();
    r.modules = rendered->modules;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void write_sample(const std::string& dir, const std::string& p, qredge::Format format, int size) {
  qredge::Output output;
  output.format = format;
  output.size = size > 0 ? size : 490;
  auto rendered = qredge::render_payload(p, qredge::Design{}, output);
  if (!rendered) std::exit(1);
  const bool svg = format == qredge::Format::Svg;
  std::ofstream out(dir + (svg ? "/native.svg" : "/native.png"), std::ios::binary);
  if (svg) out << rendered->svg;
  else out.write(reinterpret_cast<const char*>(rendered->png.data()), static_cast<std::streamsize>(rendered->png.size()));
}

}  // namespace

int main(int argc, char** argv) {
  int items = 1000, repeats = 1, size = 0;
  bool styled = false;
  std::string format = "both", sample_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--items") items = std::atoi(v.c_str());
    else if (a == "--repeats") repeats = std::atoi(v.c_str());
    else if (a == "--format") format = v;
    else if (a == "--size") size = std::atoi(v.c_str());
    else if (a == "--sample-dir") sample_dir = v;
    else if (a == "--styled") styled = v == "1";
    else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
  }
  std::vector<std::string> payloads;
  for (int i = 0; i < items; ++i) payloads.push_back(payload(i));
  if (!sample_dir.empty()) {
    write_sample(sample_dir, payloads[items / 2], qredge::Format::Svg, size);
    write_sample(sample_dir, payloads[items / 2], qredge::Format::Png, size);
  }
  std::printf("{\"items\":%d,\"runs\":[", items);
  for (int k = 0; k < repeats; ++k) {
    std::printf("%s{", k ? "," : "");
    const char* sep = "";
    for (const char* f : {"svg", "png"}) {
      if (format != "both" && format != f) continue;
      const auto r = run(payloads, std::strcmp(f, "svg") == 0 ? qredge::Format::Svg : qredge::Format::Png, size, styled);
      std::printf("%s\"%s\":{\"seconds\":%.6f,\"bytes\":%zu,\"modules\":%d}", sep, f, r.seconds, r.bytes, r.modules);
      sep = ",";
    }
    std::printf("}");
  }
  std::printf("]}\n");
  return 0;
}
