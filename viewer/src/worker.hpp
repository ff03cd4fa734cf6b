// Runs one long engine call on a worker thread, with progress and cancel, so the UI
// keeps drawing; the finished value is taken on the UI thread and swapped in.
//
//   Job<Scene> job;
//   job.start([path](Progress& p) { return scene::load_scene(path, {}, p); });
//   ...every frame:
//   ImGui::ProgressBar(job.fraction());  if (cancel_clicked) job.cancel();
//   if (auto s = job.take_result()) scene = std::make_shared<const Scene>(std::move(*s));
//
// The job owns its thread; destroying it cancels and joins. The callable must call
// Progress::update (report_or_cancel) now and then, or cancel cannot stop it.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "sunplan/core/error.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::viewer {

enum class JobStatus { idle, running, done, failed, cancelled };

// The Progress a job's callable sees: stores the fraction and stage for the UI thread
// and answers "stop" once cancel() was called.
class JobProgress final : public Progress {
 public:
  bool update(double fraction, std::string_view stage) override {
    m_fraction.store(fraction);
    std::lock_guard lock(m_mutex);
    m_stage.assign(stage);
    return !m_cancel.load();
  }
  void message(std::string_view text) override {
    std::lock_guard lock(m_mutex);
    m_message.assign(text);
  }
  double fraction() const { return m_fraction.load(); }
  std::string stage() const {
    std::lock_guard lock(m_mutex);
    return m_stage;
  }
  void cancel() { m_cancel.store(true); }
  void reset() {
    m_cancel.store(false);
    m_fraction.store(0.0);
    std::lock_guard lock(m_mutex);
    m_stage.clear();
    m_message.clear();
  }

 private:
  std::atomic<double> m_fraction{0.0};
  std::atomic<bool> m_cancel{false};
  mutable std::mutex m_mutex;
  std::string m_stage, m_message;
};

template <class T>
class Job {
 public:
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() {
    cancel();
    join();
  }

  // Starts fn on a new thread. A job still running is cancelled and joined first.
  void start(std::function<T(Progress&)> fn, std::string name = {}) {
    cancel();
    join();
    m_progress.reset();
    m_result.reset();
    m_error.clear();
    m_name = std::move(name);
    m_status.store(JobStatus::running);
    m_thread = std::thread([this, fn = std::move(fn)] {
      try {
        T value = fn(m_progress);
        std::lock_guard lock(m_mutex);
        m_result.emplace(std::move(value));
        m_status.store(JobStatus::done);
      } catch (const CancelledError&) {
        m_status.store(JobStatus::cancelled);
      } catch (const std::exception& e) {
        std::lock_guard lock(m_mutex);
        m_error = e.what();
        m_status.store(JobStatus::failed);
      }
    });
  }

  void cancel() { m_progress.cancel(); }
  JobStatus status() const { return m_status.load(); }
  bool running() const { return status() == JobStatus::running; }
  double fraction() const { return m_progress.fraction(); }
  std::string stage() const { return m_progress.stage(); }
  const std::string& name() const { return m_name; }
  std::string error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
  }

  // The value, once, after the job is done; nullopt before and after.
  std::optional<T> take_result() {
    if (status() != JobStatus::done) return std::nullopt;
    join();
    std::lock_guard lock(m_mutex);
    std::optional<T> out = std::move(m_result);
    m_result.reset();
    m_status.store(JobStatus::idle);
    return out;
  }

  // Blocks until the job ends (for headless use and tests).
  JobStatus wait() {
    join();
    return status();
  }

 private:
  void join() {
    if (m_thread.joinable()) m_thread.join();
  }

  JobProgress m_progress;
  std::atomic<JobStatus> m_status{JobStatus::idle};
  mutable std::mutex m_mutex;
  std::optional<T> m_result;
  std::string m_error;
  std::string m_name;
  std::thread m_thread;
};

}  // namespace sunplan::viewer
