// SPDX-License-Identifier: MIT
// Payload builders (API.md §1.1): validated target fields -> the exact text written into the
// code. Pure functions, no JSON; inputs are valid UTF-8 without control characters other than
// "\n" and "\t" (the validate stage guarantees both).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// "+" is percent-encoded too (%2B): ZXing and other readers URL-decode the address, where "+"
// would become a space.
//
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

// True when `value` is non-empty and only hex digits [0-9A-Fa-f]: a reader may take it as
// hex (Android's ZXing client connects with an unquoted hex SSID or key as raw bytes).
bool looks_like_hex(std::string_view value);

// A WIFI: field value, wifi_escape(value), in double quotes when it looks like hex or itself
// starts and ends with '"' (ZXing's convention, followed by its Android client: a value in
// quotes is a literal and loses them; one without is hex when it can be).
std::string wifi_field(std::string_view value);

// WIFI:T:<encryption>;S:<ssid>;[P:<password>;][H:true;]; — P only when a password is given,
// H only for hidden networks; S and P written by wifi_field. `encryption` is "WPA", "WEP" or "nopass".
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

// One content line (RFC 5545 §3.1 / RFC 6350 §3.2) folded so that no physical line exceeds 75
// octets: a fold is CRLF + one space, placed only between whole UTF-8 sequences and never
// between a backslash and the character it escapes. The result ends with CRLF.
std::string fold_content_line(std::string_view line);

// BEGIN:VEVENT / SUMMARY / DTSTART / [DTEND] / [LOCATION] / END:VEVENT, each line folded by
// fold_content_line and ended with CRLF (END:VEVENT too). Dates become DTSTART;VALUE=DATE; an
// all-day `end` is the last day of the event (inclusive), so DTEND (exclusive in RFC 5545) is
// the day after it. A date-time `end` equal to `start` writes no DTEND (a zero-length event,
// which RFC 5545 expresses that way).
std::string vevent_payload(const EventFields& event);

// --- vcard ---------------------------------------------------------------------------------
// True for a complete vCard: "BEGIN:VCARD" at the start and "END:VCARD" at the end (an
// optional final line break after it), compared case-insensitively.
bool is_complete_vcard(std::string_view text);

// A raw vCard with its line breaks (LF or CRLF) written as CRLF, and a CRLF after its last
// line (RFC 6350 §3.2: every content line ends with CRLF). Lines are not refolded.
std::string vcard_crlf(std::string_view text);

// vCard TEXT escaping (RFC 2426 §4, RFC 6350 §3.4): \ ; , and line breaks (\n).
std::string vcard_escape_text(std::string_view value);

struct VcardPhone {
  std::string number;  // normalise_phone's result
  std::string type;    // "" or a vCard 3.0 TEL type in upper case: CELL, HOME, WORK, FAX, PAGER, VOICE
};

struct VcardAddress {
  std::string street, city, region, postal_code, country;
  bool empty() const { return street.empty() && city.empty() && region.empty() && postal_code.empty() && country.empty(); }
};

// The structured vCard (API.md §7.1). Empty strings are left out. At least one of first_name,
// last_name and organization is non-empty (FN is required).
struct VcardFields {
  std::string first_name, last_name, organization, job_title;
  std::vector<VcardPhone> phones;
  std::vector<std::string> emails;  // addresses as given (checked by mailto_address)
  std::string website;              // an absolute http(s) URL, serialised by parse_http_url
  VcardAddress address;
  std::string note;
};

// BEGIN:VCARD / VERSION:3.0 / N / FN / [ORG] / [TITLE] / [TEL…] / [EMAIL…] / [URL] / [ADR] /
// [NOTE] / END:VCARD. FN is "first last" (the non-empty ones), else the organization. Text
// values escaped by vcard_escape_text (N and ADR per component); the URL is a URI, not text: its
// "," and ";" are percent-encoded (%2C, %3B) so that no reader splits or unescapes it. Every
// line folded by fold_content_line and ended with CRLF.
std::string vcard_payload(const VcardFields& card);

}  // namespace qredge
