// SPDX-License-Identifier: MIT
#include "datetime.hpp"

#include <cstdio>
#include <tuple>

#include "utf8.hpp"

namespace qredge {
namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};

// Days since 0000-03-01 style civil count (Howard Hinnant's algorithm), for offsets.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

Error date_error(std::string message) { return Error{"", "invalid_date", std::move(message)}; }

const char* kForms =
    "use an ISO 8601 date or date-time: 2026-05-01, 2026-05-01T18:00, 2026-05-01T18:00:00, "
    "2026-05-01T18:00:00Z or 2026-05-01T18:00:00+02:00";

// Reads exactly `n` digits at `i`.
bool digits(std::string_view s, std::size_t i, std::size_t n, int& out) {
  if (i + n > s.size()) return false;
  out = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const char c = s[i + k];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : days[month - 1];
}

Result<DateTime> parse_iso8601(std::string_view s) {
  DateTime dt;
  dt.given = std::string(s);
  std::string quoted = "\"";
  quoted.append(utf8::prefix(s, 40)).append(s.size() > 40 ? "…\"" : "\"");
  if (!digits(s, 0, 4, dt.year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, dt.month) ||
      s[7] != '-' || !digits(s, 8, 2, dt.day))
    return date_error(quoted + " is not a valid date: " + kForms);
  std::size_t i = 10;
  if (i < s.size()) {
    if (s[i] != 'T') return date_error(quoted + " is not a valid date: " + kForms);
    ++i;
    if (!digits(s, i, 2, dt.hour) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(s, i + 3, 2, dt.minute))
      return date_error(quoted + " is not a valid date-time: " + kForms);
    i += 5;
    dt.has_time = true;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, dt.second)) return date_error(quoted + " is not a valid date-time: " + kForms);
      i += 3;
    }
  }
  int offset_minutes = 0;
  if (dt.has_time && i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      dt.utc = true;
      i += 1;
    } else if (s[i] == '+' || s[i] == '-') {
      int oh = 0, om = 0;
      if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, om) ||
          i + 6 != s.size())
        return date_error(quoted + " has a malformed UTC offset: write it as +02:00 or -05:30, or Z for UTC");
      if (oh > 23 || om > 59) return date_error(quoted + " has a UTC offset out of range (at most ±23:59)");
      offset_minutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
      dt.utc = true;
      i += 6;
    }
  }
  if (i != s.size()) {
    if (dt.has_time && s[i] == '.')
      return date_error(quoted + " has fractional seconds, which are not accepted: drop the \"" +
                        std::string(s.substr(i, s.find_first_of("Z+-", i) == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : s.find_first_of("Z+-", i) - i)) +
                        "\" part");
    return date_error(quoted + " is not a valid date: " + kForms);
  }
  if (dt.year < 1) return date_error(quoted + ": the year must be from 0001 to 9999");
  if (dt.month < 1 || dt.month > 12) return date_error(quoted + ": there is no month " + std::to_string(dt.month));
  const int dim = days_in_month(dt.year, dt.month);
  if (dt.day < 1 || dt.day > dim)
    return date_error(quoted + " does not exist: " + kMonthNames[dt.month - 1] + " " + std::to_string(dt.year) +
                      " has " + std::to_string(dim) + " days");
  if (dt.hour > 23 || dt.minute > 59 || dt.second > 59)
    return date_error(quoted + " has a time out of range (00:00:00 to 23:59:59)");
  if (offset_minutes != 0) {
    // Local time minus the offset is UTC.
    long minutes = days_from_civil(dt.year, dt.month, dt.day) * 1440L + dt.hour * 60 + dt.minute - offset_minutes;
    long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    const long rem = minutes - days * 1440;
    civil_from_days(days, dt.year, dt.month, dt.day);
    dt.hour = static_cast<int>(rem / 60);
    dt.minute = static_cast<int>(rem % 60);
    if (dt.year < 1 || dt.year > 9999)
      return date_error(quoted + " falls outside the years 0001–9999 once converted to UTC");
  }
  return dt;
}

std::string to_ical(const DateTime& dt) {
  char buf[32];
  if (!dt.has_time) {
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", dt.year, dt.month, dt.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d%s", dt.year, dt.month, dt.day, dt.hour,
                  dt.minute, dt.second, dt.utc ? "Z" : "");
  }
  return buf;
}

std::string to_display(const DateTime& dt) {
  char buf[40];
  if (!dt.has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
  } else if (dt.second != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", dt.year, dt.month, dt.day, dt.hour,
                  dt.minute, dt.second, dt.utc ? "Z" : "");
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d%s", dt.year, dt.month, dt.day, dt.hour, dt.minute,
                  dt.utc ? "Z" : "");
  }
  return buf;
}

int compare(const DateTime& a, const DateTime& b) {
  const auto ka = std::tie(a.year, a.month, a.day, a.hour, a.minute, a.second);
  const auto kb = std::tie(b.year, b.month, b.day, b.hour, b.minute, b.second);
  return ka < kb ? -1 : kb < ka ? 1 : 0;
}

DateTime add_days(const DateTime& date, int days) {
  DateTime out = date;
  civil_from_days(days_from_civil(date.year, date.month, date.day) + days, out.year, out.month, out.day);
  return out;
}

}  // namespace qredge
