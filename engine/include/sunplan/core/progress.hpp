// Progress and cancellation, passed into every long operation.
//
//   void solve(..., Progress& progress) {
//     for (...) if (!progress.update(done / total, "siting")) throw CancelledError();
//   }
//
// Implementations: NullProgress (tests), a terminal bar or JSON lines (CLI), and the
// viewer's progress bar. update() returns false when the user asked to cancel.
#pragma once

#include <string_view>

namespace sunplan {

class Progress {
 public:
  virtual ~Progress() = default;
  // fraction in [0, 1] of the named stage; returns false to request cancellation.
  virtual bool update(double fraction, std::string_view stage) = 0;
  // A short human-readable message (e.g. "loaded 35,256 units").
  virtual void message(std::string_view text) { (void)text; }
};

class NullProgress final : public Progress {
 public:
  bool update(double, std::string_view) override { return true; }
};

// Throws CancelledError when the callback asks to stop.
void report_or_cancel(Progress& progress, double fraction, std::string_view stage);

}  // namespace sunplan
