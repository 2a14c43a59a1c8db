// Metrics: request counts and latency histograms per route, rendered in the Prometheus text
// format at GET /metrics. record() is called from every io thread; it takes one short lock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace weft::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void record(const std::string& method, const std::string& route, int status, double seconds);
  // Extra gauges/counters computed at scrape time (store timings, event lag).
  void add_collector(std::function<std::string()> collector);
  std::string render() const;

 private:
  struct Series {
    std::map<int, uint64_t> by_status;
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Series> series_;
  std::vector<std::function<std::string()>> collectors_;
};

}  // namespace weft::http
