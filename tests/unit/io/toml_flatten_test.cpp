#include "sunplan/io/toml_flatten.hpp"

#include <gtest/gtest.h>

namespace sunplan {
namespace {

using Flat = std::vector<std::pair<std::string, std::string>>;

// What `sunplan compare` lists as scenario keys: one per leaf, sorted, strings as written.
TEST(toml_flatten_for_compare, leaves_sorted_strings_as_written) {
  const auto flat = flatten_toml(
      "# a comment\n[run]\nname = \"青岚市 demo\"\n[privacy]\nmode = 'aggregate'\n"
      "min_count = 5\n[pairing]\nrelay_date = 2026-12-31\nmax_distance_m = 5000.5\n"
      "[catchment.radius_m.rehab]\nurban = 1500\n[run2]\nlayers = [\"a\", \"b\"]\nflag = true\n");
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(*flat, (Flat{{"catchment.radius_m.rehab.urban", "1500"},
                         {"pairing.max_distance_m", "5000.5"},
                         {"pairing.relay_date", "2026-12-31"},
                         {"privacy.min_count", "5"},
                         {"privacy.mode", "aggregate"},
                         {"run.name", "青岚市 demo"},
                         {"run2.flag", "true"},
                         {"run2.layers", "[ 'a', 'b' ]"}}));
  // Layout and comments do not count.
  EXPECT_EQ(flatten_toml("[privacy]\nmode='aggregate' # x\n"),
            flatten_toml("privacy.mode = \"aggregate\""));
  EXPECT_FALSE(flatten_toml("[broken\n").has_value());
}

}  // namespace
}  // namespace sunplan
