// Records: business objects that live in another system (a CRM opportunity, an expense statement,
// a support ticket), as queries return them and wire/ serializes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/post.h"
#include "model/work.h"

namespace weft {

struct RecordAccessList {
  std::vector<int64_t> people;
  std::vector<int64_t> units;
};

// One tracked change: a field's value, the title or the url, from old to new (JSON text; nullopt
// when absent).
struct RecordChange {
  int64_t id = 0;
  std::string what;   // field, title, url
  std::string field;  // the field's name; "title" or "url" for those
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  bool quiet = false;
  int64_t changed_at = 0;
};

struct RecordProblem {
  int64_t id = 0;
  std::string title;
  std::string status;
  int64_t space_id = 0;
};

struct Record {
  int64_t id = 0;
  std::string system;
  std::string type;
  std::string external_id;
  std::string title;
  std::optional<std::string> url;
  std::string fields = "{}";  // a JSON object of scalars, compact
  std::optional<int64_t> space_id;
  std::optional<PersonSummary> owner;
  bool restricted = false;
  int64_t follower_count = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // The detail view (GET /records/{id}) fills these.
  bool detail = false;
  bool following = false;
  std::optional<RecordAccessList> access;  // admins only
  std::vector<Post> conversation;          // root posts, newest first
  std::optional<std::string> conversation_cursor;
  std::vector<RecordChange> changes;       // newest first
  std::vector<RecordProblem> problems;
  std::vector<ExpertSuggestion> suggested_experts;
  std::string suggestions_basis;
};

}  // namespace weft
