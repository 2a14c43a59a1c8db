// Plain data about posts, as queries return them.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

inline constexpr std::array<std::string_view, 4> kReactionKinds = {"like", "celebrate",
                                                                   "insightful", "support"};
// The index of a reaction kind in kReactionKinds, or -1.
int reaction_index(std::string_view kind);

struct PersonSummary {
  int64_t id = 0;
  std::string handle;
  std::string name;
  std::string title;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> avatar_version;  // set when they have a photo
};

struct Post {
  int64_t id = 0;
  PersonSummary author;
  std::string body;
  std::string audience;
  std::optional<int64_t> space_id;
  std::optional<int64_t> record_id;
  std::optional<int64_t> reply_to;
  int64_t root_id = 0;
  std::optional<int64_t> reshare_of;
  std::shared_ptr<Post> reshared;  // the original, when the viewer may see it
  std::vector<std::string> topics;
  std::vector<int64_t> mentions;
  std::vector<std::string> mention_handles;  // the handles of `mentions`
  bool reshared_by_me = false;
  std::array<int64_t, 4> reactions{};
  std::vector<std::string> my_reactions;
  int64_t reply_count = 0;
  int64_t reshare_count = 0;
  int64_t created_at = 0;
  std::optional<int64_t> edited_at;
  bool can_edit = false;
  std::optional<std::string> hidden_reason;  // set when a moderator hid it (only its author sees it)
};

}  // namespace weft
