#include "cbc_runner.hpp"

#include <coin/Cbc_C_Interface.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "sunplan/core/error.hpp"

namespace sunplan::siting::detail {

namespace {

// Header the child writes before the column values.
struct Wire {
  std::int32_t has_plan, proven, infeasible;
  double best_possible;
  std::int64_t columns;
};

void write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0) return;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Models this small solve in well under a second: CBC runs in this process. A forked child
// of a process with worker threads (TBB) may inherit a lock held at the fork, which under the
// sanitizers' allocators has hung the child until its deadline; small models need no child.
constexpr std::size_t kInProcessNonzeros = 100'000;

// Solves `f` here and returns the outcome (finished is true).
CbcOutcome solve_here(const Formulation& f, const std::vector<std::pair<int, double>>& start,
                      double seconds) {
  std::vector<int> starts, index;
  std::vector<double> value;
  f.csc(starts, index, value);
  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* cbc = model.get();
  Cbc_loadProblem(cbc, static_cast<int>(f.obj.size()), static_cast<int>(f.row_lo.size()),
                  starts.data(), index.data(), value.data(), f.col_lo.data(), f.col_hi.data(),
                  f.obj.data(), f.row_lo.data(), f.row_hi.data());
  for (std::size_t c = 0; c < f.obj.size(); ++c)
    if (f.integer[c]) Cbc_setInteger(cbc, static_cast<int>(c));
  Cbc_setLogLevel(cbc, 0);
  // Wall-clock seconds: CBC counts CPU time by default, which on a busy machine lets a run
  // last several times its limit.
  const std::string limit = std::to_string(std::max(0.1, seconds));
  Cbc_setParameter(cbc, "timeMode", "elapsed");
  Cbc_setParameter(cbc, "seconds", limit.c_str());
  Cbc_setMaximumSeconds(cbc, std::max(0.1, seconds));
  if (!start.empty()) {
    std::vector<int> idx;
    std::vector<double> val;
    for (auto [c, v] : start) {
      idx.push_back(c);
      val.push_back(v);
    }
    Cbc_setMIPStartI(cbc, static_cast<int>(idx.size()), idx.data(), val.data());
  }
  Cbc_solve(cbc);
  const double* sol = Cbc_bestSolution(cbc);
  CbcOutcome out;
  out.finished = true;
  out.infeasible = Cbc_isProvenInfeasible(cbc) != 0;
  out.has_plan = sol != nullptr && !out.infeasible;
  out.proven_optimal = out.has_plan && Cbc_isProvenOptimal(cbc) != 0;
  out.best_possible = Cbc_getBestPossibleObjValue(cbc);
  if (out.has_plan) out.x.assign(sol, sol + f.obj.size());
  return out;
}

// In the child: solve and send the outcome. Never returns.
[[noreturn]] void child(int fd, const Formulation& f,
                        const std::vector<std::pair<int, double>>& start, double seconds) {
  const CbcOutcome o = solve_here(f, start, seconds);
  Wire w{};
  w.infeasible = o.infeasible;
  w.has_plan = o.has_plan;
  w.proven = o.proven_optimal;
  w.best_possible = o.best_possible;
  w.columns = static_cast<std::int64_t>(o.x.size());  // 0 without a plan
  write_all(fd, &w, sizeof w);
  if (!o.x.empty()) write_all(fd, o.x.data(), sizeof(double) * o.x.size());
  ::close(fd);
  ::_exit(0);  // no destructors, no atexit handlers of the parent's libraries
}

}  // namespace

CbcOutcome run_cbc(const Formulation& f, const std::vector<std::pair<int, double>>& start,
                   double seconds, double grace_seconds, Progress& progress) {
  if (f.nonzeros() <= kInProcessNonzeros) {
    report_or_cancel(progress, 0, "siting: cbc");
    return solve_here(f, start, seconds);
  }
  int fds[2];
  if (::pipe(fds) != 0) throw ResourceError("siting: cannot create a pipe for CBC");
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw ResourceError("siting: cannot start CBC (fork failed)");
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], f, start, seconds);
  }
  ::close(fds[1]);
  const auto begin = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  std::vector<char> data;
  bool eof = false, killed = false;
  char buffer[65536];
  try {
    while (!eof) {
      if (elapsed() > seconds + grace_seconds) {
        ::kill(pid, SIGKILL);
        killed = true;
        break;
      }
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0)
          data.insert(data.end(), buffer, buffer + n);
        else
          eof = true;
      }
      report_or_cancel(progress, std::min(1.0, elapsed() / std::max(seconds, 1e-9)), "siting: cbc");
    }
  } catch (...) {  // cancelled: stop CBC too
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(fds[0]);
    throw;
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CbcOutcome out;
  if (killed || data.size() < sizeof(Wire)) return out;
  Wire w{};
  std::memcpy(&w, data.data(), sizeof w);
  if (data.size() != sizeof w + sizeof(double) * static_cast<std::size_t>(w.columns)) return out;
  out.finished = true;
  out.has_plan = w.has_plan != 0;
  out.proven_optimal = w.proven != 0;
  out.infeasible = w.infeasible != 0;
  out.best_possible = w.best_possible;
  out.x.resize(static_cast<std::size_t>(w.columns));
  if (!out.x.empty())  // no columns are sent without a plan (memcpy's pointers must be valid)
    std::memcpy(out.x.data(), data.data() + sizeof w, sizeof(double) * out.x.size());
  return out;
}

}  // namespace sunplan::siting::detail
