// SPDX-License-Identifier: MIT
// Replays a fuzz target's committed corpus without libFuzzer: each file of each directory given
// (sorted, so a failure names the same file every run) is fed once to LLVMFuzzerTestOneInput.
// Linked with one tests/fuzz/fuzz_<target>.cpp into fuzz_replay_<target>, a ctest of the native
// and the ASan+UBSan builds: every seed and every regress-* reproducer runs in the test gate
// with no clang build. A crash, a sanitizer report or a broken invariant (FUZZ_CHECK aborts)
// fails the test; so does a directory with no file in it (a corpus that silently vanished).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  std::size_t replayed = 0;
  for (int a = 1; a < argc; ++a) {
    std::vector<fs::path> files;
    if (fs::is_directory(argv[a])) {
      for (const auto& entry : fs::directory_iterator(argv[a]))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    } else {
      files.emplace_back(argv[a]);
    }
    if (files.empty()) {
      std::fprintf(stderr, "fuzz replay: no input in %s\n", argv[a]);
      return 1;
    }
    for (const auto& file : files) {
      // Exactly `size` bytes in a buffer of their own, as libFuzzer gives: ASan sees a read past the end.
      std::vector<std::uint8_t> input(static_cast<std::size_t>(fs::file_size(file)));
      std::ifstream in(file, std::ios::binary);
      if (!in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()))) {
        std::fprintf(stderr, "fuzz replay: cannot read %s\n", file.c_str());
        return 1;
      }
      // Said before the call, so the last line before a crash names its input.
      std::fprintf(stderr, "fuzz replay: %s (%zu bytes)\n", file.c_str(), input.size());
      LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
      ++replayed;
    }
  }
  std::printf("fuzz replay: %zu inputs, all clean\n", replayed);
  return 0;
}
