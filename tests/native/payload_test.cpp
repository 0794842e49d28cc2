// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "payload.hpp"

namespace qredge {
namespace {

TEST(Mailto, AddressChecksAndEncoding) {
  EXPECT_EQ(*mailto_address("jane.doe+qr@example.com"), "jane.doe+qr@example.com");
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
            "LOCATION:Hall 1\\; Berlin\r\nEND:VEVENT");
  EventFields allday;
  allday.title = "Fair";
  allday.start = *parse_iso8601("2026-02-27");
  allday.end = *parse_iso8601("2026-02-28");
  EXPECT_EQ(vevent_payload(allday),
            "BEGIN:VEVENT\r\nSUMMARY:Fair\r\nDTSTART;VALUE=DATE:20260227\r\nDTEND;VALUE=DATE:20260301\r\nEND:VEVENT");
  EventFields floating;
  floating.title = "T";
  floating.start = *parse_iso8601("2026-05-01T18:00");
  floating.end = floating.start;
  EXPECT_EQ(vevent_payload(floating), "BEGIN:VEVENT\r\nSUMMARY:T\r\nDTSTART:20260501T180000\r\nEND:VEVENT");
}

TEST(Vcard, Completeness) {
  EXPECT_TRUE(is_complete_vcard("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD"));
  EXPECT_TRUE(is_complete_vcard("begin:vcard\nFN:A\nend:vcard\n"));
  EXPECT_FALSE(is_complete_vcard("BEGIN:VCARD\nFN:A"));
  EXPECT_FALSE(is_complete_vcard("FN:A\nEND:VCARD"));
  EXPECT_FALSE(is_complete_vcard("BEGIN:VCARDX\nEND:VCARD"));
  EXPECT_FALSE(is_complete_vcard(" BEGIN:VCARD\nEND:VCARD"));
}

}  // namespace
}  // namespace qredge
