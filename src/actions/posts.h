// Actions on posts: writing, replying, resharing, editing, deleting, reacting, following topics.
// Each checks visibility and policy and writes in one transaction with its event; the event's
// payload carries what derived views need (mentions, the parent's author, the audience).
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "core/limits.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

inline constexpr std::size_t kMaxBodyLength = limits::kPostBody.max;

struct NewPost {
  std::string body;
  std::string audience = "public";
  std::optional<int64_t> space_id;
  std::optional<int64_t> record_id;
  std::optional<int64_t> reshare_of;
};

Result<int64_t> create_post(store::Store& store, const Viewer& viewer, const NewPost& post);
Result<int64_t> reply(store::Store& store, const Viewer& viewer, int64_t parent_id,
                      const std::string& body);
// The same, inside a write transaction the caller holds (with what else it writes there).
Result<int64_t> reply_in(store::Connection& c, const Viewer& viewer, int64_t parent_id, const std::string& body);
Result<void> edit_post(store::Store& store, const Viewer& viewer, int64_t post_id,
                       const std::string& body);
Result<void> delete_post(store::Store& store, const Viewer& viewer, int64_t post_id);
Result<void> react(store::Store& store, const Viewer& viewer, int64_t post_id,
                   const std::string& kind, bool add);
Result<void> follow_topic(store::Store& store, const Viewer& viewer, const std::string& topic,
                          bool follow);

// Inside a caller's transaction, with no visibility checks (the demo; tests).
struct PostRow {
  int64_t author_id = 0;
  std::string body;
  std::string audience = "public";
  std::optional<int64_t> unit_id;
  std::optional<int64_t> space_id;
  std::optional<int64_t> record_id;
  std::optional<int64_t> reply_to;
  std::optional<int64_t> reshare_of;
  int64_t created_at = 0;  // 0 means now
};
// Inserts the post with its topics, mentions (of people `author` may see), search entry,
// counters and event; answers the new id. The parent/original must exist.
int64_t insert_post(store::Connection& c, const Viewer& author, const PostRow& row);
void insert_reaction(store::Connection& c, int64_t post_id, int64_t person_id, int kind_index,
                     int64_t at);

}  // namespace weft::actions
