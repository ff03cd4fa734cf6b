// libFuzzer target: the scenario TOML parser (parse_scenario).
//
//   build/fuzz/fuzz_scenario tests/fuzz/corpus/scenario -max_total_time=30
//
// Any input must either parse or throw sunplan::Error with exit code 2 (usage) naming the
// file; any other exception, a crash or a sanitizer report is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string file = "/fuzz/scenario.toml";
  try {
    const sunplan::Scenario sc = sunplan::parse_scenario(text, file);
    // A parsed scenario always has townships with a resolved source.
    const sunplan::LayerSpec* towns = sc.layer("townships");
    if (!towns || towns->source.empty()) std::abort();
    for (const auto& [role, spec] : sc.layers) {
      if (spec.role != role) std::abort();
      (void)spec.display_source();
    }
  } catch (const sunplan::Error& e) {
    // Scenario faults are usage errors that say where they are.
    if (e.code() != sunplan::ExitCode::usage) {
      std::fprintf(stderr, "unexpected exit code %d: %s\n", static_cast<int>(e.code()), e.what());
      std::abort();
    }
    if (std::string(e.what()).rfind(file, 0) != 0) {
      std::fprintf(stderr, "message does not start with the file: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
