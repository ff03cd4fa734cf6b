// libFuzzer target: division codes (normalize_division_code, level_of_code, code_prefix) and
// the urban/rural value parser, checked against their documented invariants.
//
//   build/fuzz/fuzz_division_code tests/fuzz/corpus/division_code -max_total_time=30
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sunplan/io/admin_hierarchy.hpp"

namespace {

bool all_digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sunplan;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string code = normalize_division_code(text);
  if (!code.empty()) {
    // Digits only, one of the documented lengths (a 12-digit township code ending in 000 is
    // shortened to 9), recognised by level_of_code, and normalising again changes nothing.
    require(all_digits(code));
    require(code.size() == 2 || code.size() == 4 || code.size() == 6 || code.size() == 9 ||
            code.size() == 12);
    require(!(code.size() == 12 && code.ends_with("000")));
    require(level_of_code(code).has_value());
    require(normalize_division_code(code) == code);
    // Every ancestor is a prefix of the code and has its level's length.
    const std::size_t lengths[] = {2, 4, 6, 9};
    const AdminLevel levels[] = {AdminLevel::province, AdminLevel::city, AdminLevel::county,
                                 AdminLevel::township};
    for (int i = 0; i < 4; ++i) {
      if (lengths[i] >= code.size()) break;
      const std::string p = code_prefix(code, levels[i]);
      require(p == code.substr(0, lengths[i]));
      require(level_of_code(p) == levels[i]);
    }
  }
  // level_of_code goes by length alone (its input is already digits).
  require(level_of_code(text).has_value() ==
          (size == 2 || size == 4 || size == 6 || size == 9 || size == 12));
  (void)parse_urban_rural(text);
  return 0;
}
