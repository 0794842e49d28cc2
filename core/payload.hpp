// SPDX-License-Identifier: MIT
// Payload builders (API.md §1.1): validated target fields -> the exact text written into the
// code. Pure functions, no JSON; inputs are valid UTF-8 without control characters other than
// "\n" and "\t" (the validate stage guarantees both).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "datetime.hpp"
#include "error.hpp"

namespace qredge {

// --- email ---------------------------------------------------------------------------------
// Checks an address (local@domain; dot-atom local part of RFC 5322 atext; domain of labels of
// letters, digits, "-" or non-ASCII characters, with at least one dot; ≤ 254 bytes, local part
// ≤ 64) and returns the addr-spec as written into a mailto: URI: the domain in ASCII (IDN ->
// punycode, lower-cased), the local part percent-encoded where RFC 6068 requires it.
// Errors: code `invalid_email`.
Result<std::string> mailto_address(std::string_view email);

// mailto:<address>[?subject=…][&body=…]. subject/body: every byte except RFC 3986 unreserved
// is percent-encoded (space = %20), line breaks in the body become %0D%0A; empty ones are left
// out. `address` is the result of mailto_address.
std::string mailto_payload(std::string_view address, std::string_view subject, std::string_view body);

// --- sms -----------------------------------------------------------------------------------
// Removes spaces, "-", ".", "(" and ")"; the rest must be an optional leading "+" and 3–20
// digits. nullopt otherwise.
std::optional<std::string> normalise_phone(std::string_view phone);

// SMSTO:<phone>:<message> (the message as is, possibly empty).
std::string sms_payload(std::string_view phone, std::string_view message);

// --- wifi ----------------------------------------------------------------------------------
// Backslash-escapes \ ; , : " (the MECARD-style WIFI: format).
std::string wifi_escape(std::string_view value);

// WIFI:T:<encryption>;S:<ssid>;[P:<password>;][H:true;]; — P only when a password is given,
// H only for hidden networks. `encryption` is "WPA", "WEP" or "nopass".
std::string wifi_payload(std::string_view encryption, std::string_view ssid, std::string_view password,
                         bool hidden);

// --- event ---------------------------------------------------------------------------------
// RFC 5545 TEXT escaping: \ ; , and line breaks ("\n" -> "\n" as the two characters \ n).
std::string ical_escape_text(std::string_view value);

struct EventFields {
  std::string title;
  std::string location;           // empty: no LOCATION line
  DateTime start;
  std::optional<DateTime> end;    // same kind as start; not before it
};

// BEGIN:VEVENT / SUMMARY / DTSTART / [DTEND] / [LOCATION] / END:VEVENT, lines separated by
// CRLF (none after END:VEVENT: the payload ends with it, as API.md writes it). Dates become DTSTART;VALUE=DATE; an all-day `end` is the last day of the event
// (inclusive), so DTEND (exclusive in RFC 5545) is the day after it. A date-time `end` equal
// to `start` writes no DTEND (a zero-length event, which RFC 5545 expresses that way).
std::string vevent_payload(const EventFields& event);

// --- vcard ---------------------------------------------------------------------------------
// True for a complete vCard: "BEGIN:VCARD" at the start and "END:VCARD" at the end (an
// optional final line break after it), compared case-insensitively.
bool is_complete_vcard(std::string_view text);

}  // namespace qredge
