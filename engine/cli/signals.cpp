#include "signals.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <ctime>
#include <thread>

#include "sunplan/io/output_transaction.hpp"

namespace sunplan::cli {

namespace {

std::atomic<int> g_signal{0};

sigset_t cancel_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

void say(const char* text) {
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

void watch(sigset_t set) {
  int sig = 0;
  if (sigwait(&set, &sig) != 0) return;
  g_signal = sig;
  say("\nsunplan: cancelling (press Ctrl-C again to stop at once)\n");
  const timespec grace{kGraceSeconds, 0};
  sigtimedwait(&set, nullptr, &grace);  // a second signal, or the command did not end in time
  discard_all_temporaries();
  say("sunplan: cancelled; temporary files removed, earlier results untouched\n");
  _exit(5);
}

}  // namespace

void install_cancel_handling() {
  const sigset_t set = cancel_signals();
  // Blocked here, before any other thread exists, so every thread (TBB, GDAL) inherits it.
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(watch, set).detach();
}

bool cancel_requested() {
  return g_signal.load(std::memory_order_relaxed) != 0;
}

const char* cancel_signal_name() {
  switch (g_signal.load()) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "";
  }
}

}  // namespace sunplan::cli
