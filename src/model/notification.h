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

// Notifications of one kind about one subject, as one line: "Bea, Amara and 12 others reacted".
struct NotificationGroup {
  std::string kind;
  std::string priority;  // work, conversation or social (reactions, reshares, follows)
  std::string subject_type;
  int64_t subject_id = 0;
  std::optional<int64_t> post_id;
  std::optional<int64_t> space_id;
  std::string space_name;  // empty without a space
  std::string excerpt;     // the post's first words, or the item's title
  std::vector<PersonSummary> actors;  // the latest few, newest first
  int64_t actor_count = 0;            // distinct actors
  int64_t count = 0;
  int64_t unread = 0;
  int64_t latest_at = 0;
  std::vector<int64_t> ids;  // the notifications in it (to mark them read)
};

}  // namespace weft
