// SPDX-License-Identifier: MIT
// ISO 8601 dates and times for `event` targets (API.md §1.1). Accepted forms, nothing else:
//   2026-05-01                                  a date (all-day)
//   2026-05-01T18:00  2026-05-01T18:00:00       a floating local time (no offset)
//   …Z  …+02:00  …-05:30                        a time with an offset, converted to UTC
// Upper-case "T" and "Z", two-digit fields, years 0001–9999, offsets up to ±23:59.
#pragma once
#include <string>
#include <string_view>

#include "error.hpp"

namespace qredge {

struct DateTime {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  bool has_time = false;  // false: a date (all-day)
  bool utc = false;       // true: an offset was given; the fields above are in UTC
  std::string given;      // the text as written, for messages
};

// Errors (code `invalid_date`, empty path): wrong form, impossible dates (2026-02-30,
// 2025-02-29), hours/minutes/seconds out of range, or a UTC result outside 0001–9999.
Result<DateTime> parse_iso8601(std::string_view text);

// RFC 5545 value: "20260501", "20260501T180000" or "20260501T160000Z".
std::string to_ical(const DateTime& dt);

// Compact ISO form for messages: "2026-05-01", "2026-05-01T10:00" (":SS" when not zero),
// with "Z" for UTC values.
std::string to_display(const DateTime& dt);

// -1, 0, 1 comparing two values of the same kind (both dates, or both times).
int compare(const DateTime& a, const DateTime& b);

// The date `days` days later (dates only).
DateTime add_days(const DateTime& date, int days);

int days_in_month(int year, int month);

}  // namespace qredge
