#include "layer_stream.hpp"

#include <malloc.h>

#include <chrono>

namespace sunplan {

LayerStream::LayerStream(const std::function<ResultWriter()>& open, bool background)
    : m_background(background) {
  if (!m_background) {
    m_writer.emplace(open());
    return;
  }
  m_thread = std::thread([this, &open] { work(open); });
  std::unique_lock lock(m_mutex);
  m_done.wait(lock, [&] { return m_opened; });
  if (m_failure) {
    lock.unlock();
    m_thread.join();
    std::rethrow_exception(m_failure);
  }
}

LayerStream::~LayerStream() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_closing = true;
    m_tasks.clear();
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
  m_writer.reset();  // synchronous mode: discards the temporary output unless committed
}

void LayerStream::rethrow_failure() {
  if (m_failure) std::rethrow_exception(m_failure);
}

void LayerStream::post(Task task) {
  if (!m_background) {
    rethrow_failure();
    try {
      task(*m_writer, m_stop);
    } catch (...) {
      m_failure = std::current_exception();
      throw;
    }
    ++m_posted;
    ++m_finished;
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    rethrow_failure();
    m_tasks.push_back(std::move(task));
    ++m_posted;
  }
  m_wake.notify_one();
}

void LayerStream::work(const std::function<ResultWriter()>& open) {
  {
    std::exception_ptr failure;
    try {
      m_writer.emplace(open());
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard lock(m_mutex);
    m_failure = failure;
    m_opened = true;
  }
  m_done.notify_all();
  if (!m_writer) return;
  for (;;) {
    Task task;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [&] { return !m_tasks.empty() || m_closing; });
      if (m_tasks.empty()) break;
      task = std::move(m_tasks.front());
      m_tasks.pop_front();
    }
    std::exception_ptr failure;
    if (!m_stop) {
      try {
        task(*m_writer, m_stop);
      } catch (...) {
        failure = std::current_exception();
      }
      // This thread's malloc arena keeps what a layer's parts freed; the run's peak comes
      // later (pairing), on the other threads: give the pages back.
      malloc_trim(0);
    }
    {
      std::lock_guard lock(m_mutex);
      ++m_finished;
      if (failure && !m_failure) m_failure = failure;
      // After a failure the later tasks are dropped: the output is discarded.
      if (m_failure) m_stop = true;
    }
    m_done.notify_all();
  }
  // Closed on this thread, where GDAL opened it; not committed: the temporary is discarded.
  m_writer.reset();
}

void LayerStream::finish(Progress& progress, std::string_view stage) {
  if (m_background) {
    std::unique_lock lock(m_mutex);
    m_closing = true;
    m_wake.notify_all();
    while (m_finished < m_posted) {
      const double share = static_cast<double>(m_finished) / static_cast<double>(m_posted);
      lock.unlock();
      report_or_cancel(progress, share, stage);
      lock.lock();
      m_done.wait_for(lock, std::chrono::milliseconds(500),
                      [&, seen = m_finished] { return m_finished != seen; });
    }
    lock.unlock();
    m_thread.join();
  }
  rethrow_failure();
  report_or_cancel(progress, 1.0, stage);
}

}  // namespace sunplan
