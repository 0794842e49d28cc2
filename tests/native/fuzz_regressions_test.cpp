// SPDX-License-Identifier: MIT
// Regressions for what fuzzing found (docs/fuzzing.md); each input is also in the fuzz corpus.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "logo.hpp"
#include "utf8.hpp"
#include "validate.hpp"

#include "stb_image_write.h"  // implementation in core/png_write.cpp

namespace {

bool is_utf8(const std::string& s) { return qredge::utf8::find_invalid(s) == qredge::utf8::npos; }

// tests/fuzz/corpus/validate/regress-invalid-json-split-char: nlohmann quotes the bytes read of
// the bad token, here the first byte of "ø"; the message (and the whole result) must stay UTF-8.
TEST(FuzzRegressions, InvalidJsonMessageStaysUtf8WhenTheTokenEndsInsideACharacter) {
  const auto b = qredge::validate_batch_text("\xC3\xB8" "2#");
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].code, "invalid_json");
  EXPECT_TRUE(is_utf8(b.errors[0].message)) << b.errors[0].message;
  EXPECT_TRUE(nlohmann::json::parse(qredge::to_json_text(b)).is_object());  // throws on invalid UTF-8
}

// tests/fuzz/corpus/validate/regress-colour-quote-split-char: the quoted value was cut at byte 40.
TEST(FuzzRegressions, QuotedDesignValueIsCutBetweenCharacters) {
  std::string colour = "a";
  for (int i = 0; i < 30; ++i) colour += "\xC3\xA9";  // é
  const auto b = qredge::validate_batch(
      {{"items", {{{"target", {{"text", "x"}}}}}}, {"design", {{"colors", {{"foreground", colour}}}}}});
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].code, "invalid_color");
  EXPECT_TRUE(is_utf8(b.errors[0].message)) << b.errors[0].message;
  EXPECT_NE(b.errors[0].message.find("a\xC3\xA9"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(qredge::to_json_text(b)).is_object());  // throws on invalid UTF-8
}

// tests/fuzz/corpus/validate/regress-event-date-quote-split-char (found by the long run): the
// same byte cut in the messages of dates, e-mail addresses and URLs.
TEST(FuzzRegressions, QuotedTargetValuesAreCutBetweenCharacters) {
  std::string many;
  for (int i = 0; i < 60; ++i) many += "\xE4\xBE\x8B";  // 例
  // Prefixes chosen so that the old cut (40, 80 and 64 bytes) fell inside a character.
  for (const auto& [field, head] : {std::pair{"start", "xy"}, {"email", "x"}, {"destination", "xy"}}) {
    nlohmann::json target = {{field, head + many}};
    if (std::string(field) == "start") target["title"] = "T";
    const auto b = qredge::validate_batch({{"items", {{{"target", target}}}}});
    ASSERT_EQ(b.items.size(), 1u);
    ASSERT_TRUE(b.items[0].error.has_value()) << field;
    EXPECT_TRUE(is_utf8(b.items[0].error->message)) << field << ": " << b.items[0].error->message;
    EXPECT_NE(b.items[0].error->message.find("\xE2\x80\xA6"), std::string::npos) << field;  // the value was cut
    EXPECT_TRUE(nlohmann::json::parse(qredge::to_json_text(b)).is_object()) << field;
  }
}

TEST(FuzzRegressions, Utf8Prefix) {
  EXPECT_EQ(qredge::utf8::prefix("abc", 5), "abc");
  EXPECT_EQ(qredge::utf8::prefix("a\xC3\xA9", 2), "a");
  EXPECT_EQ(qredge::utf8::prefix("a\xC3\xA9", 3), "a\xC3\xA9");
  EXPECT_EQ(qredge::utf8::prefix("\xE4\xBE\x8B", 2), "");
}

TEST(FuzzRegressions, Utf8ReplaceInvalid) {
  EXPECT_EQ(qredge::utf8::replace_invalid("ok"), "ok");
  EXPECT_EQ(qredge::utf8::replace_invalid("a\xC3"), "a\xEF\xBF\xBD");
  EXPECT_EQ(qredge::utf8::replace_invalid("\xFF\xC3\xB8\x80z"), "\xEF\xBF\xBD\xC3\xB8\xEF\xBF\xBDz");
}

// tests/fuzz/corpus/logo/regress-jpeg-dht-over-256-symbols: a DHT table whose 16 counts add up
// to more than 256 symbols made stb_image (Debian's 2022 snapshot) write past its Huffman
// tables (UBSan: index 257 out of bounds for 'stbi_uc[257]'). Rejected before stb sees it.
TEST(FuzzRegressions, JpegWithOversizedHuffmanTableIsRejectedBeforeDecoding) {
  std::vector<std::uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x13, 0x00};
  jpeg.insert(jpeg.end(), 16, 0xFF);  // 16 x 255 = 4080 symbols declared
  qredge::Logo logo;
  logo.bytes = jpeg;
  auto inspected = qredge::inspect_logo_bytes(logo, "/design/logo/url");
  ASSERT_FALSE(inspected.ok());
  EXPECT_EQ(inspected.error().code, "logo_unavailable");
  auto parsed = qredge::parse_logo_data_url("data:image/jpeg;base64," + qredge::base64_encode(jpeg), "/design/logo/url");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "invalid_logo");
  logo.mime = "image/jpeg";
  EXPECT_FALSE(qredge::decode_logo(logo).ok());
  // The same table split over two DHT segments later in the file, after junk bytes.
  std::vector<std::uint8_t> later = {0xFF, 0xD8, 0x00, 0x17, 0xFF, 0xFE, 0x00, 0x04, 0xFF, 0xC4};
  for (std::size_t i = 2; i < jpeg.size(); ++i) later.push_back(jpeg[i]);  // (insert() trips GCC 12's -Warray-bounds)
  logo.bytes = later;
  EXPECT_FALSE(qredge::inspect_logo_bytes(logo, "").ok());
}

// tests/fuzz/corpus/logo/regress-png-chunk-longer-than-file: an IDAT chunk declaring 1.1 GB in
// a tiny PNG made stb_image allocate 2 GiB before noticing the data is missing (in wasm: memory
// growth, in workerd past the isolate's limit). Rejected before stb reads past the header.
TEST(FuzzRegressions, PngChunkLongerThanTheFileIsRejected) {
  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
                                   0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0,
                                   0xCD, 0xE4, 0xBA, 0x59,  // CRC (stb does not check it)
                                   0x42, 0x60, 0x82, 0x24, 'I', 'D', 'A', 'T', 0x78, 0x9C, 0x63, 0x60};
  qredge::Logo logo;
  logo.bytes = png;
  auto inspected = qredge::inspect_logo_bytes(logo, "/design/logo/url");
  ASSERT_FALSE(inspected.ok());
  EXPECT_EQ(inspected.error().code, "logo_unavailable");
  EXPECT_FALSE(qredge::parse_logo_data_url("data:image/png;base64," + qredge::base64_encode(png), "").ok());
  logo.mime = "image/png";
  EXPECT_FALSE(qredge::decode_logo(logo).ok());
}

std::vector<std::uint8_t> small_jpeg(int comp) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(21) * 13 * comp);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37);
  std::vector<std::uint8_t> jpeg;
  stbi_write_jpg_to_func(
      [](void* ctx, void* data, int size) {
        auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
        out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
      },
      &jpeg, 21, 13, comp, pixels.data(), 80);
  return jpeg;
}

std::size_t find_marker(const std::vector<std::uint8_t>& b, std::uint8_t marker) {
  for (std::size_t i = 0; i + 1 < b.size(); ++i)
    if (b[i] == 0xFF && b[i + 1] == marker) return i;
  return b.size();
}

// tests/fuzz/corpus/logo/regress-jpeg-undefined-huffman-table (long run: a logo that decoded,
// then did not when rendered): a scan naming a Huffman table no DHT defined made stb decode with
// its uninitialised heap struct (valgrind: "conditional jump depends on uninitialised value" in
// stbi__jpeg_decode_block), so pixels came from stale memory and the decoder could run past its
// tables. Such JPEGs, and those whose frame names an undefined quantisation table, are rejected.
TEST(FuzzRegressions, JpegScanWithUndefinedTablesIsRejected) {
  const std::vector<std::uint8_t> jpeg = small_jpeg(3);
  const std::size_t sos = find_marker(jpeg, 0xDA), sof = find_marker(jpeg, 0xC0);
  ASSERT_LT(sos, jpeg.size());
  ASSERT_LT(sof, jpeg.size());
  qredge::Logo logo;
  logo.bytes = jpeg;
  ASSERT_TRUE(qredge::inspect_logo_bytes(logo, "").ok());
  logo.bytes[sos + 6] = 0x22;  // first scan component: DC table 2, AC table 2 (never defined)
  auto inspected = qredge::inspect_logo_bytes(logo, "/design/logo/url");
  ASSERT_FALSE(inspected.ok());
  EXPECT_EQ(inspected.error().code, "logo_unavailable");
  logo.mime = "image/jpeg";
  EXPECT_FALSE(qredge::decode_logo(logo).ok());
  logo.bytes = jpeg;
  logo.bytes[sof + 12] = 3;  // first frame component: quantisation table 3 (never defined)
  EXPECT_FALSE(qredge::inspect_logo_bytes(logo, "").ok());
}

// The checks must not turn away real JPEGs (baseline, from stb_image_write). Progressive ones
// were checked by hand (docs/fuzzing.md).
TEST(FuzzRegressions, OrdinaryJpegStillDecodes) {
  for (int comp : {1, 3}) {
    const std::vector<std::uint8_t> jpeg = small_jpeg(comp);
    ASSERT_FALSE(jpeg.empty());
    qredge::Logo logo;
    logo.bytes = jpeg;
    auto inspected = qredge::inspect_logo_bytes(logo, "/design/logo/url");
    ASSERT_TRUE(inspected.ok()) << inspected.error().message;
    EXPECT_EQ(inspected->mime, "image/jpeg");
    EXPECT_EQ(inspected->width, 21);
    EXPECT_EQ(inspected->height, 13);
    auto img = qredge::decode_logo(*inspected);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->pixels.size(), 21u * 13u * 4u);
  }
}

}  // namespace
