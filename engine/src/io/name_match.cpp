#include "sunplan/io/name_match.hpp"

#include <initializer_list>

namespace sunplan::io {

namespace {

std::string without(std::string s, std::initializer_list<std::string_view> marks) {
  for (std::string_view mark : marks)
    for (std::size_t at = s.find(mark); at != std::string::npos; at = s.find(mark))
      s.erase(at, mark.size());
  return s;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string loose_ascii(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != ' ' && c != '_' && c != '-' && c != '(' && c != ')') out += lower(c);
  return out;
}

}  // namespace

std::string ascii_lower(std::string s) {
  for (char& c : s) c = lower(c);
  return s;
}

std::string loose(std::string_view name) {
  return without(loose_ascii(name), {"（", "）"});
}

std::string loose_list(std::string_view name) {
  return without(loose_ascii(name), {"（", "）", "、"});
}

}  // namespace sunplan::io
