// Siting quality against proven optima: every case of the standard set (seeded clustered
// instances, OR-Library pmed1/pmed5 and pmed-like 1..40, scp4-like set covering) solved by the
// fast solvers, compared with the optimum CBC proved once and stored in
// bench/siting_reference.txt (with the command that made it).
//
// clang-format off
// Usage
//   siting_compare                    every case but the slow ones: heuristic vs stored optimum
//   siting_compare --filter 20k       cases whose name contains "20k"
//   siting_compare --stages           also every stage of each solve (plan, bound, seconds)
//   siting_compare --cbc 3600 --all   CBC on each case: lines for siting_reference.txt
//   siting_compare --list
// clang-format on
// Times: wall and CPU (user + sys of the process, both cores) per case.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "clustered_instance.hpp"
#include "orlib.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

using namespace sunplan;
using namespace sunplan::siting;

namespace {

struct Case {
  std::string name;
  std::function<Instance()> make;
  ModelSpec spec;
  bool slow = false;  // left out unless --all or a filter names it
};

// User + system time of this process (every thread) and of its ended children (CBC runs in
// a child process).
double cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage u{};
    getrusage(who, &u);
    total += double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
             1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  }
  return total;
}

ModelSpec spec_of(ModelKind kind, std::size_t k, float limit) {
  ModelSpec s;
  s.kind = kind;
  s.k = k;
  s.cover_limit = limit;
  return s;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const std::string size : {"2k", "20k", "200k"}) {
    const bool big = size == "200k";
    for (float km : {5.0f, 10.0f}) {
      const auto inst = [size, km] {
        return test::clustered_instance(test::clustered_size(size, km * 1000));
      };
      const std::string at = std::to_string(int(km)) + "km";
      for (std::size_t k : {10, 50})
        out.push_back({size + " mclp k" + std::to_string(k) + " " + at, inst,
                       spec_of(ModelKind::mclp, k, km * 1000), false});
      out.push_back({size + " mclp k" + std::to_string(big ? 500 : 200) + " " + at, inst,
                     spec_of(ModelKind::mclp, big ? 500 : 200, km * 1000), false});
      out.push_back(
          {size + " lscp " + at, inst, spec_of(ModelKind::lscp, 1'000'000, km * 1000), false});
    }
    // p-median: the assignment radius covers every demand point (15 km), unassigned = 2x.
    const float radius = big ? 8'000 : 15'000;
    const auto pm = [size, radius] {
      return test::clustered_instance(test::clustered_size(size, radius));
    };
    for (std::size_t k : {10, 50}) {
      ModelSpec s = spec_of(ModelKind::pmedian, k, radius);
      s.unassigned_cost = 2.0 * radius;
      out.push_back({size + " pmedian k" + std::to_string(k), pm, s, big});
    }
    // Capacitated covering: capacities 50..400 youth, 5 km.
    if (!big) {
      const auto cap = [size] {
        Instance in = test::clustered_instance(test::clustered_size(size, 5000));
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> c(50, 400);
        for (std::size_t j = 0; j < in.facility_count(); ++j) in.capacity.push_back(c(rng));
        return in;
      };
      out.push_back({size + " cmclp k20 5km", cap, spec_of(ModelKind::cmclp, 20, 5000), false});
    }
  }
  const std::string data = SUNPLAN_SITING_TEST_DATA;
  for (int number : {1, 5}) {
    std::size_t n = 0, p = 0;
    test::pmed_size(number, n, p);
    out.push_back({"orlib pmed" + std::to_string(number),
                   [data, number] {
                     return test::pmedian_instance(
                         test::read_pmed(data + "/pmed" + std::to_string(number) + ".txt"));
                   },
                   spec_of(ModelKind::pmedian, p, 1e9f), false});
  }
  for (int number = 1; number <= 40; ++number) {
    std::size_t n = 0, p = 0;
    test::pmed_size(number, n, p);
    out.push_back({"pmed-like " + std::to_string(number),
                   [n, p, number] {
                     return test::pmedian_instance(test::make_pmed_like(n, p, 1000 + number));
                   },
                   spec_of(ModelKind::pmedian, p, 1e9f), n > 500});
  }
  for (int number = 1; number <= 10; ++number)
    out.push_back({"scp4-like " + std::to_string(number),
                   [number] { return test::set_cover_like(200, 1000, 0.02, 4000 + number); },
                   spec_of(ModelKind::lscp, 1'000'000, 0.0f), false});
  return out;
}

struct Reference {
  double optimum = 0, bound = 0;
  bool proven = false;
};

std::map<std::string, Reference> read_reference(const std::string& path) {
  std::map<std::string, Reference> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    // name | objective | bound | proven | seconds
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '|')) cols.push_back(c);
    if (cols.size() < 4) continue;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    Reference r;
    r.optimum = std::atof(cols[1].c_str());
    r.bound = std::atof(cols[2].c_str());
    r.proven = trim(cols[3]) == "yes";
    out[trim(cols[0])] = r;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string filter;
  double cbc_seconds = 0;
  bool list = false, all = false, stages = false;
  std::string reference = std::string(SUNPLAN_SOURCE_DIR) + "/bench/siting_reference.txt";
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--filter" && a + 1 < argc)
      filter = argv[++a];
    else if (arg == "--cbc" && a + 1 < argc)
      cbc_seconds = std::atof(argv[++a]);
    else if (arg == "--reference" && a + 1 < argc)
      reference = argv[++a];
    else if (arg == "--list")
      list = true;
    else if (arg == "--all")
      all = true;
    else if (arg == "--stages")
      stages = true;
    else {
      std::fprintf(stderr,
                   "usage: siting_compare [--filter TEXT] [--cbc SECONDS] [--all] [--list] "
                   "[--stages]\n");
      return 2;
    }
  }
  const auto ref = read_reference(reference);
  if (cbc_seconds > 0)
    std::printf("# name | objective | bound | proven | seconds\n");
  else
    std::printf(
        "| case | demand x sites | objective | bound (method) | gap | optimum | vs optimum | wall "
        "s | CPU s |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const Case& c : cases()) {
    if (!filter.empty() && c.name.find(filter) == std::string::npos) continue;
    if (filter.empty() && c.slow && !all && !list) continue;
    if (list) {
      std::printf("%s%s\n", c.name.c_str(), c.slow ? " (slow)" : "");
      continue;
    }
    const Instance in = c.make();
    NullProgress p;
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    if (cbc_seconds > 0) {
      MipOptions mo;
      mo.time_limit_seconds = cbc_seconds;
      const auto r = solve_mip(in, c.spec, mo, p);
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%s | %.6f | %.6f | %s | %.1f\n", c.name.c_str(),
                  r.has_plan ? r.objective : std::nan(""), r.bound, r.proven_optimal ? "yes" : "no",
                  wall);
      std::fflush(stdout);
      continue;
    }
    const auto r = solve(in, c.spec, {}, p);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    std::string opt = "–", versus = "–";
    if (auto it = ref.find(c.name); it != ref.end() && it->second.optimum > 0) {
      const double o = it->second.optimum;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.10g%s", o, it->second.proven ? "" : " (best known)");
      opt = buf;
      std::snprintf(buf, sizeof buf, "%+.3f%%", 100.0 * (r.objective - o) / o);
      versus = buf;
    }
    std::printf("| %s | %zu x %zu | %.10g | %.10g (%s) | %.3f%% | %s | %s | %.2f | %.2f |\n",
                c.name.c_str(), in.demand_count(), in.facility_count(), r.objective, r.bound,
                r.bound_method.c_str(), 100 * r.gap, opt.c_str(), versus.c_str(), wall, cpu);
    if (stages)
      for (const auto& st : r.stages)
        std::printf("|   %s | | %s | %s | | %s | | %.2f | |\n", st.name.c_str(),
                    st.objective ? std::to_string(*st.objective).c_str() : "",
                    st.bound ? std::to_string(*st.bound).c_str() : "", st.status.c_str(),
                    st.seconds);
    std::fflush(stdout);
  }
  return 0;
}
