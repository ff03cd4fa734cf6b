#include "sunplan/io/input_limits.hpp"

#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "sunplan/core/error.hpp"

namespace sunplan {

namespace fs = std::filesystem;

bool parse_count(const std::string& text, std::int64_t& out, std::string& why) {
  std::string t = text;
  // Integer-valued reals ("12.0") come from spreadsheets and real-typed fields.
  if (auto dot = t.find('.'); dot != std::string::npos) {
    if (t.find_first_not_of('0', dot + 1) != std::string::npos) {
      why = "is not a whole number >= 0";
      return false;
    }
    t.resize(dot);
  }
  const char* b = t.data();
  const char* e = b + t.size();
  const auto [p, ec] = std::from_chars(b, e, out);
  if (t.empty() || p != e || (ec != std::errc() && ec != std::errc::result_out_of_range) ||
      (ec == std::errc() && out < 0) || (!t.empty() && t[0] == '-')) {
    why = "is not a whole number >= 0";
    return false;
  }
  if (ec == std::errc::result_out_of_range || out > kMaxRowCount) {
    why = "is above " + std::to_string(kMaxRowCount) + ", the most one row may hold";
    return false;
  }
  return true;
}

std::string read_settings_file(const fs::path& path, SettingsFile kind) {
  const std::string what = kind == SettingsFile::scenario ? "scenario" : "targets file";
  auto fail = [&](const std::string& why) -> std::string {
    if (kind == SettingsFile::scenario) throw UsageError(path.string() + ": " + why);
    throw InputError(path.string(), "", -1, "", why);
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail("cannot open the " + what);
  if (!S_ISREG(st.st_mode))
    return fail("the " + what + " is not a regular file (a folder, FIFO or device)");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxSettingsFileBytes)
    return fail("the " + what + " has " + std::to_string(st.st_size) + " bytes, more than the " +
                std::to_string(kMaxSettingsFileBytes) + " a " + what + " may have");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open the " + what);
  // Read at most the limit + 1 even if the file grew meanwhile.
  std::string text(kMaxSettingsFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxSettingsFileBytes)
    return fail("the " + what + " is larger than " + std::to_string(kMaxSettingsFileBytes) +
                " bytes");
  return text;
}

void require_regular_source(const std::string& path, const std::string& shown,
                            const std::string& layer) {
  if (path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0) return;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // missing: the opener says so
  if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return;
  throw InputError(shown, layer, -1, "",
                   "cannot open: not a regular file (a FIFO, device or socket); sunplan reads "
                   "files and folders only");
}

std::string withhold_quoted_values(const std::string& reason) {
  std::string out;
  for (std::size_t i = 0; i < reason.size();) {
    // An opening quote follows a space, '(' or '=' (so "layer's" is no quote).
    const bool opens = reason[i] == '\'' && (i == 0 || reason[i - 1] == ' ' ||
                                             reason[i - 1] == '(' || reason[i - 1] == '=');
    if (opens) {
      const auto end = reason.find('\'', i + 1);
      if (end != std::string::npos) {
        out += "(value withheld)";
        i = end + 1;
        continue;
      }
    }
    out += reason[i++];
  }
  return out;
}

}  // namespace sunplan
