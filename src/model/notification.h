// Plain data about notifications.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/post.h"

namespace weft {

struct Notification {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string kind;  // mention, reply, reaction, follow, reshare, …
  PersonSummary actor;
  std::string subject_type;  // post, person
  int64_t subject_id = 0;
  std::optional<int64_t> post_id;
  std::optional<int64_t> space_id;
  std::optional<int64_t> record_id;  // the record the subject hangs on (its gate applies)
  int64_t event_id = 0;
  int64_t created_at = 0;
  bool read = false;
};

}  // namespace weft
