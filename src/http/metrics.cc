#include "http/metrics.h"

#include <fmt/format.h>

namespace weft::http {

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::lock_guard lock(mutex_);
  Series& series = series_[{method, route}];
  series.by_status[status]++;
  series.count++;
  series.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) series.buckets[i]++;
  }
}

void Metrics::add_collector(std::function<std::string()> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::string out;
  std::vector<std::function<std::string()>> collectors;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP weft_http_requests_total HTTP requests by route and status.\n";
    out += "# TYPE weft_http_requests_total counter\n";
    for (const auto& [key, series] : series_) {
      for (const auto& [status, count] : series.by_status) {
        out += fmt::format("weft_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                           key.first, key.second, status, count);
      }
    }
    out += "# HELP weft_http_request_duration_seconds Time to answer, by route.\n";
    out += "# TYPE weft_http_request_duration_seconds histogram\n";
    for (const auto& [key, series] : series_) {
      auto labels = fmt::format("method=\"{}\",route=\"{}\"", key.first, key.second);
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format("weft_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                           kBuckets[i], series.buckets[i]);
      }
      out += fmt::format("weft_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                         series.count);
      out += fmt::format("weft_http_request_duration_seconds_sum{{{}}} {:.6f}\n", labels, series.sum);
      out += fmt::format("weft_http_request_duration_seconds_count{{{}}} {}\n", labels, series.count);
    }
    collectors = collectors_;
  }
  for (const auto& collector : collectors) out += collector();
  return out;
}

}  // namespace weft::http
