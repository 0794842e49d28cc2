// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "payload.hpp"

namespace qredge {
namespace {

TEST(Mailto, AddressChecksAndEncoding) {
  // "+" is %2B: readers URL-decode the address, where "+" is a space.
  EXPECT_EQ(*mailto_address("jane.doe+qr@example.com"), "jane.doe%2Bqr@example.com");
  EXPECT_EQ(*mailto_address("a#b?c@Bücher.example"), "a%23b%3Fc@xn--bcher-kva.example");
  for (const char* bad : {"", "plain", "@example.com", "a@", "a@localhost", "a@@b.com", "a b@c.com", ".a@b.com",
                          "a..b@c.com", "a@b..com", "a@-b.com,", "a@b_c.com", "a@.b.com"}) {
    auto r = mailto_address(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, "invalid_email");
    }
  }
  EXPECT_FALSE(mailto_address(std::string(65, 'a') + "@b.com").ok());
}

TEST(Mailto, Rfc6068Payload) {
  EXPECT_EQ(mailto_payload("a@b.com", "", ""), "mailto:a@b.com");
  EXPECT_EQ(mailto_payload("a@b.com", "Hi & bye?", ""), "mailto:a@b.com?subject=Hi%20%26%20bye%3F");
  EXPECT_EQ(mailto_payload("a@b.com", "", "line 1\nline 2"), "mailto:a@b.com?body=line%201%0D%0Aline%202");
  EXPECT_EQ(mailto_payload("a@b.com", "é+", "x=y;z"), "mailto:a@b.com?subject=%C3%A9%2B&body=x%3Dy%3Bz");
}

TEST(Sms, PhoneNormalisation) {
  EXPECT_EQ(*normalise_phone("+49 (30) 123-45.67"), "+49301234567");
  EXPECT_EQ(*normalise_phone("112"), "112");
  EXPECT_EQ(*normalise_phone("+" + std::string(20, '9')), "+" + std::string(20, '9'));
  for (const std::string bad : {"12", "+12", "", "+", "12a45", "49+123", "++4912345", "123456789012345678901", "12/34"})
    EXPECT_FALSE(normalise_phone(bad).has_value()) << bad;
  EXPECT_EQ(sms_payload("+4930123", "Hi: there"), "SMSTO:+4930123:Hi: there");
  EXPECT_EQ(sms_payload("112", ""), "SMSTO:112:");
}

TEST(Wifi, EscapingAndFields) {
  EXPECT_EQ(wifi_escape(R"(a\b;c,d:e"f)"), R"(a\\b\;c\,d\:e\"f)");
  EXPECT_EQ(wifi_payload("WPA", "Home", "s3cret!!", false), "WIFI:T:WPA;S:Home;P:s3cret!!;;");
  EXPECT_EQ(wifi_payload("nopass", "Cafe; Free", "", true), "WIFI:T:nopass;S:Cafe\\; Free;H:true;;");
  EXPECT_EQ(wifi_payload("WEP", "n", "k:y", false), "WIFI:T:WEP;S:n;P:k\\:y;;");
  // Values a reader could take as hex are quoted (ZXing's convention).
  for (const char* hex : {"CAFE1234", "0", "deadBEEF", "12345678"}) EXPECT_TRUE(looks_like_hex(hex)) << hex;
  for (const char* not_hex : {"", "CAFE 1234", "0x12", "cafég", "G1"}) EXPECT_FALSE(looks_like_hex(not_hex)) << not_hex;
  EXPECT_EQ(wifi_payload("WPA", "CAFE1234", "0123456789", false), "WIFI:T:WPA;S:\"CAFE1234\";P:\"0123456789\";;");
  EXPECT_EQ(wifi_field("CAFE:1234"), "CAFE\\:1234");
  // A value that is itself in quotes gets another pair, so a reader's unquoting keeps its own.
  EXPECT_EQ(wifi_field("\"Guest\""), "\"\\\"Guest\\\"\"");
  EXPECT_EQ(wifi_field("\"x"), "\\\"x");
}

TEST(Vevent, TextEscapingAndLines) {
  EXPECT_EQ(ical_escape_text("a\\b;c,d\ne:f"), "a\\\\b\\;c\\,d\\ne:f");
  EventFields e;
  e.title = "Launch, party";
  e.location = "Hall 1; Berlin";
  e.start = *parse_iso8601("2026-05-01T18:00:00+02:00");
  e.end = *parse_iso8601("2026-05-01T20:00:00+02:00");
  EXPECT_EQ(vevent_payload(e),
            "BEGIN:VEVENT\r\nSUMMARY:Launch\\, party\r\nDTSTART:20260501T160000Z\r\nDTEND:20260501T180000Z\r\n"
            "LOCATION:Hall 1\\; Berlin\r\nEND:VEVENT\r\n");
  EventFields allday;
  allday.title = "Fair";
  allday.start = *parse_iso8601("2026-02-27");
  allday.end = *parse_iso8601("2026-02-28");
  EXPECT_EQ(vevent_payload(allday),
            "BEGIN:VEVENT\r\nSUMMARY:Fair\r\nDTSTART;VALUE=DATE:20260227\r\nDTEND;VALUE=DATE:20260301\r\nEND:VEVENT\r\n");
  EventFields floating;
  floating.title = "T";
  floating.start = *parse_iso8601("2026-05-01T18:00");
  floating.end = floating.start;
  EXPECT_EQ(vevent_payload(floating), "BEGIN:VEVENT\r\nSUMMARY:T\r\nDTSTART:20260501T180000\r\nEND:VEVENT\r\n");
}

TEST(Vcard, Completeness) {
  EXPECT_TRUE(is_complete_vcard("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD"));
  EXPECT_TRUE(is_complete_vcard("begin:vcard\nFN:A\nend:vcard\n"));
  EXPECT_FALSE(is_complete_vcard("BEGIN:VCARD\nFN:A"));
  EXPECT_FALSE(is_complete_vcard("FN:A\nEND:VCARD"));
  EXPECT_FALSE(is_complete_vcard("BEGIN:VCARDX\nEND:VCARD"));
  EXPECT_FALSE(is_complete_vcard(" BEGIN:VCARD\nEND:VCARD"));
}

// Folding (RFC 5545 §3.1, RFC 6350 §3.2): physical lines of at most 75 octets, CRLF + space
// between them, never inside a UTF-8 sequence or an escape; unfolding gives the line back.
TEST(Fold, SeventyFiveOctetsWholeCharacters) {
  const std::string samples[] = {
      "SUMMARY:short",
      "SUMMARY:" + std::string(67, 'a'),  // exactly 75 octets: no fold
      "SUMMARY:" + std::string(68, 'a'),
      "NOTE:" + std::string(300, 'x'),
      [] {
        std::string s = "SUMMARY:";
        for (int i = 0; i < 60; ++i) s += "é😀\\,日";
        return s;
      }(),
  };
  for (const std::string& line : samples) {
    const std::string folded = fold_content_line(line);
    ASSERT_GE(folded.size(), 2u);
    EXPECT_EQ(folded.substr(folded.size() - 2), "\r\n");
    std::string unfolded;
    std::size_t start = 0;
    bool first = true;
    while (start < folded.size()) {
      const std::size_t crlf = folded.find("\r\n", start);
      ASSERT_NE(crlf, std::string::npos);
      std::string physical = folded.substr(start, crlf - start);
      EXPECT_LE(physical.size(), 75u) << physical;
      if (!first) {
        ASSERT_EQ(physical.front(), ' ');
        physical.erase(0, 1);
        // A continuation never starts inside a UTF-8 sequence or right after a lone backslash.
        EXPECT_NE(static_cast<unsigned char>(physical.front()) & 0xC0, 0x80) << physical;
      }
      if (!unfolded.empty() && unfolded.back() == '\\') {
        std::size_t run = 0;
        for (auto it = unfolded.rbegin(); it != unfolded.rend() && *it == '\\'; ++it) ++run;
        EXPECT_EQ(run % 2, 0u) << "fold between a backslash and its character";
      }
      unfolded += physical;
      first = false;
      start = crlf + 2;
    }
    EXPECT_EQ(unfolded, line);
    EXPECT_EQ(folded.find('\n') == folded.size() - 1, line.size() <= 75);
  }
}

TEST(Vevent, LongTitleFolded) {
  EventFields e;
  e.title = std::string(100, 'T');
  e.start = *parse_iso8601("2026-05-01");
  const std::string p = vevent_payload(e);
  EXPECT_NE(p.find("SUMMARY:" + std::string(67, 'T') + "\r\n " + std::string(33, 'T') + "\r\n"), std::string::npos) << p;
}

TEST(Vcard, CrlfLineBreaks) {
  EXPECT_EQ(vcard_crlf("BEGIN:VCARD\nFN:A\nEND:VCARD"), "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n");
  EXPECT_EQ(vcard_crlf("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n"), "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n");
  EXPECT_EQ(vcard_crlf("BEGIN:VCARD\r\nFN:A\nEND:VCARD\n"), "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n");
  EXPECT_EQ(vcard_crlf("BEGIN:VCARD\nNOTE:a\n b\nEND:VCARD"), "BEGIN:VCARD\r\nNOTE:a\r\n b\r\nEND:VCARD\r\n");
}

TEST(Vcard, StructuredPayload) {
  VcardFields c;
  c.first_name = "Jane";
  c.last_name = "Doe, Jr.";
  c.organization = "ACME; Inc.";
  c.phones = {{"+4930123", "CELL"}, {"112", ""}};
  c.emails = {"jane@example.com"};
  c.website = "https://example.com/a;b,c";
  c.address.city = "Berlin";
  c.address.country = "DE";
  c.note = "line 1\nline 2";
  EXPECT_EQ(vcard_payload(c),
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe\\, Jr.;Jane;;;\r\nFN:Jane Doe\\, Jr.\r\nORG:ACME\\; Inc.\r\n"
            "TEL;TYPE=CELL:+4930123\r\nTEL:112\r\nEMAIL;TYPE=INTERNET:jane@example.com\r\n"
            "URL:https://example.com/a%3Bb%2Cc\r\nADR:;;;Berlin;;;DE\r\nNOTE:line 1\\nline 2\r\nEND:VCARD\r\n");
  VcardFields org_only;
  org_only.organization = "ACME";
  EXPECT_EQ(vcard_payload(org_only), "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:ACME\r\nORG:ACME\r\nEND:VCARD\r\n");
}

}  // namespace
}  // namespace qredge
