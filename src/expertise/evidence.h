// Evidence from the store: what the expertise index (index.h) learns from problems and their
// solutions, ideas, proposals, posts on records, the topics people post about, skills and feedback. Each item's evidence is read
// afresh from its current rows under one key ("problem:12"), so applying an event twice, or an
// event and a full load of the same item, ends in the same index.
//
// Only evidence that its space and record rules can describe is kept: posts on records whose
// audience is neither the organization nor a space (a unit's or followers' posts) are left out.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "events/event_log.h"
#include "expertise/index.h"
#include "store/store.h"

namespace weft::expertise {

using Keyed = std::pair<std::string, std::vector<Evidence>>;

// The items an event changes the evidence of (keys), oldest event first, without repeats.
std::vector<std::string> keys_of(std::span<const events::Event> events);
// The items to read again for these keys: the keys, with, for each post among them ("post:12"),
// what its author posts about ("topics:7": a post changes its author's topic counts), and for a
// renamed record ("record:3") the posts on it and the feedback on it instead.
std::vector<std::string> expand(store::Connection& c, std::vector<std::string> keys);

// The evidence under `key` now (empty when the item is gone).
std::vector<Evidence> evidence_of(store::Connection& c, const std::string& key);

// Every item's evidence, a kind of item at a time; `progress(done, total)` counts items.
void load_all(store::Connection& c, const std::function<void(Keyed&&)>& sink,
              const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace weft::expertise
