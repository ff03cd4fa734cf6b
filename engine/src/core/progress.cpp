#include "sunplan/core/progress.hpp"

#include "sunplan/core/error.hpp"

namespace sunplan {

void report_or_cancel(Progress& progress, double fraction, std::string_view stage) {
  if (!progress.update(fraction, stage)) throw CancelledError();
}

}  // namespace sunplan
