// Runs a fuzz target's inputs once each, without libFuzzer, so the committed corpus (and
// every crash reproducer added to it) is a regression test in the ordinary and the
// sanitizer builds:  fuzz_replay_<target> DIR_OR_FILE...
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  // A broken invariant aborts; exit with a plain failure code so ctest's WILL_FAIL (known
  // bugs) can see it as a failure rather than a crash.
  std::signal(SIGABRT, [](int) { std::_Exit(70); });
  // Known-bug reproducers may crash inside a library: report that as a failure too.
  if (const char* v = std::getenv("SUNPLAN_FUZZ_KNOWN_BUGS"); v && std::string(v) == "1") {
    std::signal(SIGSEGV, [](int) { std::_Exit(71); });
    std::signal(SIGBUS, [](int) { std::_Exit(71); });
  }
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "no inputs\n");
    return 1;
  }
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s (%zu bytes)\n", f.c_str(), bytes.size());
    std::fflush(stderr);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs ran without a finding\n", files.size());
  return 0;
}
