#include "worker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace {

using sunplan::viewer::Job;
using sunplan::viewer::JobStatus;

TEST(Worker, ReturnsTheValueOnce) {
  Job<int> job;
  job.start([](sunplan::Progress& p) {
    sunplan::report_or_cancel(p, 0.5, "half");
    return 42;
  });
  EXPECT_EQ(job.wait(), JobStatus::done);
  EXPECT_EQ(job.stage(), "half");
  EXPECT_DOUBLE_EQ(job.fraction(), 0.5);
  EXPECT_EQ(job.take_result(), 42);
  EXPECT_EQ(job.take_result(), std::nullopt);
  EXPECT_EQ(job.status(), JobStatus::idle);
}

TEST(Worker, CancelStopsAJobThatReportsProgress) {
  Job<int> job;
  std::atomic<bool> started{false};
  job.start([&](sunplan::Progress& p) {
    started = true;
    for (;;) {  // would never end without cancel
      sunplan::report_or_cancel(p, 0.1, "spinning");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return 0;
  });
  while (!started) std::this_thread::yield();
  EXPECT_TRUE(job.running());
  job.cancel();
  EXPECT_EQ(job.wait(), JobStatus::cancelled);
  EXPECT_EQ(job.take_result(), std::nullopt);
}

TEST(Worker, FailureKeepsTheMessageAndARestartWorks) {
  Job<int> job;
  job.start([](sunplan::Progress&) -> int { throw std::runtime_error("no such layer"); });
  EXPECT_EQ(job.wait(), JobStatus::failed);
  EXPECT_EQ(job.error(), "no such layer");
  job.start([](sunplan::Progress&) { return 7; });
  EXPECT_EQ(job.wait(), JobStatus::done);
  EXPECT_EQ(job.take_result(), 7);
}

}  // namespace
