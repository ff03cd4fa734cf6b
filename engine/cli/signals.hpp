// Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel a command cleanly: exit code 5, every temporary
// file removed, earlier results untouched.
//
//   int main() { sunplan::cli::install_cancel_handling(); ... }   // before any thread starts
//   if (sunplan::cli::cancel_requested()) ...                     // TerminalProgress asks this
//
// The signals are blocked in every thread and taken by one watcher thread (sigwait), so no
// work happens in a signal handler. On the first signal the watcher raises the flag: the
// command's next progress call returns false, CancelledError unwinds the stages, and each
// OutputTransaction removes its temporaries on the way out (main then exits 5). If the
// command has not ended after kGraceSeconds (a long step without progress calls), or on a
// second signal, the watcher removes every registered temporary itself and exits 5 at once.
#pragma once

namespace sunplan::cli {

inline constexpr int kGraceSeconds = 5;

void install_cancel_handling();
bool cancel_requested();
// "SIGINT", "SIGTERM" or "SIGHUP" once a signal arrived, else "".
const char* cancel_signal_name();

}  // namespace sunplan::cli
