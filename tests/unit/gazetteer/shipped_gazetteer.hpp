// The gazetteer shipped in data/gazetteer, read and indexed once per test process (about 2 s
// of CPU), shared by every test that needs the real one.
#pragma once

#include "sunplan/gazetteer/address_matcher.hpp"
#include "sunplan/io/gazetteer_file.hpp"

namespace sunplan::test {

inline const gazetteer::AddressMatcher& shipped_matcher() {
  static const gazetteer::Gazetteer g = read_gazetteer(default_gazetteer_path());
  static const gazetteer::AddressMatcher m(g);
  return m;
}

}  // namespace sunplan::test
