// A run's result layers written while the run goes on (issue 17). The layers of a stage are
// final once the stage ends: at national size the coverage layers (5 million youth rows) are
// written while siting computes, and the pairing layers while the reports are drawn, instead
// of all of them on one core after the last stage (docs/performance.md).
//
// One thread writes, in the order the layers were posted, so the output is the same file a
// writer on the calling thread gives (it is one, in synchronous mode). The ResultWriter is
// handed to that thread: GDAL's dataset and its SQLite connection are used by one thread at a
// time: it is opened, used and closed on that thread (GDAL's spatial references hold the
// thread's PROJ context). A task reads only what was final when it was posted (a stage's
// results, the loaded data), never what the run is still computing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "sunplan/core/progress.hpp"
#include "sunplan/io/output_layer.hpp"

namespace sunplan {

class LayerStream {
 public:
  // A task writes to the writer; `stop` is set when the run ends early (a long task checks it
  // between parts and returns: the output is discarded anyway).
  using Task = std::function<void(ResultWriter&, const std::atomic<bool>& stop)>;

  // Opens the writer with `open` on the writing thread and waits for it, so an output that
  // cannot be created fails here, before the long work. background = false: the writer and
  // every task run on the calling thread, each task as it is posted.
  LayerStream(const std::function<ResultWriter()>& open, bool background);
  // Without finish(): the task at hand stops at its next part, the rest are dropped, and the
  // writer discards its temporary output.
  ~LayerStream();
  LayerStream(const LayerStream&) = delete;
  LayerStream& operator=(const LayerStream&) = delete;

  // Runs `task` after the tasks posted before it. Rethrows an earlier task's failure, so a run
  // whose output cannot be written stops at its next stage.
  void post(Task task);
  // Waits for every task, reporting the share done as `stage`; rethrows the first failure.
  void finish(Progress& progress, std::string_view stage);

 private:
  void work(const std::function<ResultWriter()>& open);
  void rethrow_failure();

  std::optional<ResultWriter> m_writer;
  const bool m_background;
  std::mutex m_mutex;
  std::condition_variable m_wake;  // a task was posted, or the stream closes
  std::condition_variable m_done;  // a task ended
  std::deque<Task> m_tasks;
  std::size_t m_posted = 0, m_finished = 0;
  bool m_opened = false, m_closing = false;
  std::exception_ptr m_failure;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;  // last: started once the members above exist
};

}  // namespace sunplan
