#include "feature_prefetch.hpp"

#include <utility>

namespace sunplan::io {

FeaturePrefetch::FeaturePrefetch(OGRLayer& layer, std::size_t batch_size, std::size_t max_batches)
    : layer_(layer),
      batch_size_(batch_size),
      max_batches_(max_batches),
      thread_([this] { produce(); }) {}

FeaturePrefetch::~FeaturePrefetch() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  room_.notify_all();
  thread_.join();
}

void FeaturePrefetch::produce() {
  try {
    layer_.ResetReading();
    bool last = false;
    while (!last) {
      Batch batch;
      batch.reserve(batch_size_);
      while (batch.size() < batch_size_) {
        OGRFeatureUniquePtr f(layer_.GetNextFeature());
        if (!f) {
          last = true;
          break;
        }
        batch.push_back(std::move(f));
      }
      std::unique_lock<std::mutex> lock(mutex_);
      room_.wait(lock, [this] { return stop_ || queue_.size() < max_batches_; });
      if (stop_) return;
      if (!batch.empty()) queue_.push_back(std::move(batch));
      done_ = last;
      lock.unlock();
      ready_.notify_one();
    }
  } catch (...) {
    const std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::current_exception();
    done_ = true;
  }
  ready_.notify_one();
}

OGRFeature* FeaturePrefetch::next() {
  if (at_ < current_.size()) return current_[at_++].get();
  current_.clear();  // the features handed out so far are freed here, outside the lock
  {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return done_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return nullptr;
    }
    current_ = std::move(queue_.front());
    queue_.pop_front();
  }
  room_.notify_one();
  at_ = 0;
  return current_[at_++].get();
}

}  // namespace sunplan::io
