// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "datetime.hpp"

namespace qredge {
namespace {

TEST(Iso8601, AcceptedForms) {
  auto d = parse_iso8601("2026-05-01");
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->has_time);
  EXPECT_EQ(to_ical(*d), "20260501");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00")), "20260501T180000");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00:07")), "20260501T180007");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00:00Z")), "20260501T180000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00Z")), "20260501T180000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00:00+02:00")), "20260501T160000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00-05:30")), "20260501T233000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-05-01T18:00:00-00:00")), "20260501T180000Z");
}

TEST(Iso8601, OffsetsCrossDaysMonthsYearsAndLeapDays) {
  EXPECT_EQ(to_ical(*parse_iso8601("2026-01-01T01:00:00+02:00")), "20251231T230000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2026-12-31T23:30-01:00")), "20270101T003000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2024-03-01T00:30+01:00")), "20240229T233000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2023-03-01T00:30+01:00")), "20230228T233000Z");
  EXPECT_EQ(to_ical(*parse_iso8601("2024-02-29T23:00-02:00")), "20240301T010000Z");
}

TEST(Iso8601, ImpossibleDatesAndBadForms) {
  for (const char* s : {"2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                        "2026-05-01T24:00", "2026-05-01T23:60", "2026-05-01T23:59:60", "2026-05-01T18:00+24:00",
                        "2026-05-01 18:00", "2026-05-01t18:00", "2026-05-01T18:00z", "2026-05-01T18", "2026-5-1",
                        "26-05-01", "20260501", "2026-05-01T18:00:00.5Z", "2026-05-01T18:00+0200", "2026-05-01Z",
                        "0000-01-01", "", "tomorrow", "2026-05-01T18:00:00+02:00 ", "9999-12-31T23:00-02:00"}) {
    auto d = parse_iso8601(s);
    EXPECT_FALSE(d.ok()) << s;
    if (!d.ok()) {
      EXPECT_EQ(d.error().code, "invalid_date") << s;
    }
  }
  EXPECT_TRUE(parse_iso8601("2000-02-29").ok());
  EXPECT_TRUE(parse_iso8601("2024-02-29").ok());
  EXPECT_NE(parse_iso8601("2026-02-30").error().message.find("February 2026 has 28 days"), std::string::npos);
}

TEST(Iso8601, CompareAndDisplay) {
  auto a = *parse_iso8601("2026-05-01T12:00+02:00");
  auto b = *parse_iso8601("2026-05-01T10:30Z");
  EXPECT_EQ(compare(a, b), -1);
  EXPECT_EQ(compare(b, a), 1);
  EXPECT_EQ(compare(a, *parse_iso8601("2026-05-01T10:00:00Z")), 0);
  EXPECT_EQ(to_display(a), "2026-05-01T10:00Z");
  EXPECT_EQ(to_display(*parse_iso8601("2026-05-01T10:00:05")), "2026-05-01T10:00:05");
  EXPECT_EQ(to_ical(add_days(*parse_iso8601("2024-02-28"), 1)), "20240229");
  EXPECT_EQ(to_ical(add_days(*parse_iso8601("2026-12-31"), 1)), "20270101");
}

}  // namespace
}  // namespace qredge
