#include "sunplan/core/redact.hpp"

#include <regex>

namespace sunplan {

std::string redact_secrets(std::string_view text) {
  // scheme://user:secret@host — any scheme: GDAL passes URIs of other drivers through too.
  static const std::regex userinfo(
      R"re(([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s"'?#]*):([^@\s"'/]*)@)re");
  // keyword=value where the keyword starts a connection word. Values: 'quoted' (libpq's
  // quoting, with \' escapes) or up to a space, quote, '&' or ';'.
  static const std::regex keyword(
      R"re(((?:^|[\s"'?&;(,]|PG:)(?:password|sslpassword|passfile|pgpassword|pgpassfile|pgservicefile)\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s"'&;]+))re",
      std::regex::icase);
  // libpq names the service and password files it could not read.
  static const std::regex quoted_file(R"re(((?:service|password) file )"[^"]*")re",
                                      std::regex::icase);
  std::string out(text);
  out = std::regex_replace(out, userinfo, "$1:***@");
  out = std::regex_replace(out, keyword, "$1***");
  out = std::regex_replace(out, quoted_file, "$1\"***\"");
  return out;
}

}  // namespace sunplan
