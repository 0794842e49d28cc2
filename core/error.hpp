// SPDX-License-Identifier: MIT
// Failures are values: every error carries a stable snake_case `code`, a message a user can
// act on, and, for input errors, a JSON-pointer `path` into the request ("" for the root).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace qredge {

struct Error {
  std::string path;
  std::string code;
  std::string message;
};

// A minimal expected<T, Error>: libc++ 14 (Emscripten 3.1.6) has no std::expected.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Appends a JSON-pointer token, escaping '~' and '/' as RFC 6901 requires.
std::string json_pointer_append(const std::string& base, const std::string& token);
std::string json_pointer_append(const std::string& base, std::size_t index);

}  // namespace qredge
