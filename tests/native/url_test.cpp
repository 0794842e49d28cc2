// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "url.hpp"

namespace qredge {
namespace {

std::u32string u32(const char32_t* s) { return s; }

TEST(Punycode, Rfc3492Samples) {
  EXPECT_EQ(punycode_encode(u32(U"bücher")), "bcher-kva");
  EXPECT_EQ(punycode_encode(u32(U"münchen")), "mnchen-3ya");
  EXPECT_EQ(punycode_encode(u32(U"пример")), "e1afmkfd");
  EXPECT_EQ(punycode_encode(u32(U"中国")), "fiqs8s");
  EXPECT_EQ(punycode_encode(u32(U"\U0001F4A9")), "ls8h");
  // RFC 3492 §7.1 sample (L): 3<nen>B<gumi><kinpachi><sensei>
  EXPECT_EQ(punycode_encode(u32(U"3年B組金八先生")), "3B-ww4c5e180e575a65lsy2b");
  // RFC 3492 §7.1 sample (B): Chinese (simplified)
  EXPECT_EQ(punycode_encode(u32(U"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587")), "ihqwcrb4cv8a8dqg056pqjye");
  EXPECT_EQ(punycode_encode(u32(U"abc")), "abc-");
}

TEST(Host, IdnToAsciiLowerCases) {
  EXPECT_EQ(*host_to_ascii("Bücher.Example"), "xn--bcher-kva.example");
  EXPECT_EQ(*host_to_ascii("BÜCHER.example"), "xn--bcher-kva.example");
  EXPECT_EQ(*host_to_ascii("ПРИМЕР.рф"), "xn--e1afmkfd.xn--p1ai");
  EXPECT_EQ(*host_to_ascii("例え。テスト"), "xn--r8jz45g.xn--zckzah");
  EXPECT_EQ(*host_to_ascii("Example.COM"), "example.com");
  EXPECT_EQ(*host_to_ascii("example.com."), "example.com.");
  EXPECT_FALSE(host_to_ascii("a..b").ok());
  EXPECT_FALSE(host_to_ascii(".a").ok());
  EXPECT_FALSE(host_to_ascii("exa mple.com").ok());
  EXPECT_FALSE(host_to_ascii(std::string(64, 'a') + ".com").ok());
  EXPECT_TRUE(host_to_ascii(std::string(63, 'a') + ".com").ok());
}

TEST(Url, ParsesParts) {
  auto u = parse_http_url("HTTPS://Example.com:8443/a/b?x=1&y=2#frag");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, "8443");
  EXPECT_EQ(u->path, "/a/b");
  EXPECT_EQ(u->query, "x=1&y=2");
  EXPECT_EQ(u->fragment, "frag");
  EXPECT_EQ(u->serialise(), "https://example.com:8443/a/b?x=1&y=2#frag");
}

TEST(Url, KeepsWhatIsWritten) {
  for (const char* s : {"https://example.com", "http://example.com/", "https://example.com?", "https://example.com#",
                        "https://[2001:db8::1]:8080/x", "https://192.168.0.1/a?b#c", "https://a.example/%7Euser"}) {
    auto u = parse_http_url(s);
    ASSERT_TRUE(u.ok()) << s << ": " << u.error().message;
    EXPECT_EQ(u->serialise(), s);
  }
}

TEST(Url, PercentEncodesWhatAUriCannotHold) {
  EXPECT_EQ(parse_http_url("https://example.com/a b?q=ä#x y")->serialise(), "https://example.com/a%20b?q=%C3%A4#x%20y");
  EXPECT_EQ(parse_http_url("https://bücher.example/straße")->serialise(), "https://xn--bcher-kva.example/stra%C3%9Fe");
}

TEST(Url, Rejections) {
  struct Case { const char* url; const char* code; };
  for (auto c : {Case{"javascript:alert(1)", "unsupported_scheme"}, Case{"data:text/html,hi", "unsupported_scheme"},
                 Case{"ftp://example.com/", "unsupported_scheme"}, Case{"mailto:a@b.c", "unsupported_scheme"},
                 Case{"example.com/x", "invalid_url"}, Case{"/relative", "invalid_url"},
                 Case{"https:example.com", "invalid_url"}, Case{"https://", "invalid_url"},
                 Case{"https://user:pw@example.com/", "invalid_url"}, Case{"https://example.com:99999/", "invalid_url"},
                 Case{"https://example.com:8o/", "invalid_url"}, Case{"https://exa_mple.com%41/", "invalid_url"},
                 Case{"https://example.com/%zz", "invalid_url"}, Case{"https://example.com/%4", "invalid_url"},
                 Case{"https://[::1/", "invalid_url"}, Case{"https://999.1.1.1/", "invalid_url"},
                 Case{"https://exa$mple.com/", "invalid_url"}, Case{"", "invalid_url"}}) {
    auto u = parse_http_url(c.url);
    ASSERT_FALSE(u.ok()) << c.url;
    EXPECT_EQ(u.error().code, c.code) << c.url;
    EXPECT_FALSE(u.error().message.empty());
  }
}

TEST(FormUrlencode, MatchesWhatwg) {
  EXPECT_EQ(form_urlencode("spring sale"), "spring+sale");
  EXPECT_EQ(form_urlencode("a&b=c/d?e#f+g"), "a%26b%3Dc%2Fd%3Fe%23f%2Bg");
  EXPECT_EQ(form_urlencode("*-._~"), "*-._%7E");
  EXPECT_EQ(form_urlencode("é"), "%C3%A9");
}

std::string merge(const char* url, std::vector<std::pair<std::string, std::string>> params) {
  return merge_query_parameters(*parse_http_url(url), params);
}

TEST(Utm, MergeRules) {
  EXPECT_EQ(merge("https://e.com/p", {{"utm_source", "news letter"}}), "https://e.com/p?utm_source=news+letter");
  EXPECT_EQ(merge("https://e.com/p?a=1&utm_source=old&b=2#top", {{"utm_source", "new"}, {"utm_medium", "qr"}}),
            "https://e.com/p?a=1&utm_source=new&b=2&utm_medium=qr#top");
  EXPECT_EQ(merge("https://e.com/?utm_source=a&x&utm_source=b", {{"utm_source", "c"}}), "https://e.com/?utm_source=c&x");
  EXPECT_EQ(merge("https://e.com/?a=1&", {{"utm_term", "t"}}), "https://e.com/?a=1&utm_term=t");
  EXPECT_EQ(merge("https://e.com/?", {{"utm_term", "t"}}), "https://e.com/?utm_term=t");
  EXPECT_EQ(merge("https://e.com#f", {{"utm_content", "c d"}}), "https://e.com?utm_content=c+d#f");
  // Empty values are not added and leave an existing parameter alone.
  EXPECT_EQ(merge("https://e.com/?utm_source=keep", {{"utm_source", ""}, {"utm_medium", ""}}),
            "https://e.com/?utm_source=keep");
  EXPECT_EQ(merge("https://e.com/x", {}), "https://e.com/x");
  // Only the exact name matches: utm_sourcex and UTM_SOURCE are other parameters.
  EXPECT_EQ(merge("https://e.com/?utm_sourcex=1&UTM_SOURCE=2", {{"utm_source", "s"}}),
            "https://e.com/?utm_sourcex=1&UTM_SOURCE=2&utm_source=s");
  // Names compare as URLSearchParams decodes them: %5F and %73 are "_" and "s".
  EXPECT_EQ(merge("https://example.com/?utm%5Fsource=old", {{"utm_source", "new"}}), "https://example.com/?utm_source=new");
  EXPECT_EQ(merge("https://e.com/?a=1&utm%5fsource=x&%75tm_source=y&b", {{"utm_source", "n"}}),
            "https://e.com/?a=1&utm_source=n&b");
  // "+" in a name is a space: another name.
  EXPECT_EQ(merge("https://e.com/?utm+source=2", {{"utm_source", "n"}}), "https://e.com/?utm+source=2&utm_source=n");
}

}  // namespace
}  // namespace qredge
