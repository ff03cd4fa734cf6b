// A layer's features read on a thread of their own, in the layer's order, a batch at a time.
// GDAL's part of reading a row (the SQLite step, the geometry blob, the fields) then runs on
// the second core while the caller checks the rows read before: reading the 5 M youth of a
// national run was one core's work, half of it inside GDAL (docs/performance.md).
// Internal to the io module.
#pragma once

#include <ogrsf_frmts.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace sunplan::io {

// While a FeaturePrefetch lives, only its thread uses the layer and its dataset: the caller
// touches the features it is handed and nothing else of GDAL's for that dataset.
class FeaturePrefetch {
 public:
  explicit FeaturePrefetch(OGRLayer& layer, std::size_t batch_size = 1024,
                           std::size_t max_batches = 16);
  ~FeaturePrefetch();  // stops the thread (it may be waiting for room) and joins it
  FeaturePrefetch(const FeaturePrefetch&) = delete;
  FeaturePrefetch& operator=(const FeaturePrefetch&) = delete;

  // The next feature in the layer's order, valid until the next call; nullptr after the last.
  OGRFeature* next();

 private:
  using Batch = std::vector<OGRFeatureUniquePtr>;
  void produce();

  OGRLayer& layer_;
  const std::size_t batch_size_, max_batches_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<Batch> queue_;
  bool done_ = false, stop_ = false;
  std::exception_ptr failure_;
  Batch current_;
  std::size_t at_ = 0;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace sunplan::io
