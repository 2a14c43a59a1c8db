#include "search/subscriber.h"

#include "events/event_log.h"

namespace weft::search {

Changes changes_of(std::span<const events::Event> events) {
  using events::Kind;
  Changes changes;
  for (const auto& event : events) {
    if (!event.object_id) continue;
    const int64_t id = *event.object_id;
    switch (event.kind()) {
      case Kind::kPostCreated:
      case Kind::kPostReplied:
      case Kind::kPostReshared:
      case Kind::kPostEdited: changes.posts.push_back(id); break;
      case Kind::kPostDeleted: changes.threads.push_back(id); break;
      case Kind::kPersonCreated:
      case Kind::kPersonUpdated: changes.people.push_back(id); break;
      case Kind::kSpaceCreated:
      case Kind::kSpaceUpdated: changes.work.emplace_back(WorkKind::kSpace, id); break;
      case Kind::kProblemCreated: changes.work.emplace_back(WorkKind::kProblem, id); break;
      case Kind::kIdeaCreated: changes.work.emplace_back(WorkKind::kIdea, id); break;
      case Kind::kProposalOpened: changes.work.emplace_back(WorkKind::kProposal, id); break;
      case Kind::kRecordUpserted: changes.work.emplace_back(WorkKind::kRecord, id); break;
      case Kind::kPageCreated:
      case Kind::kPageEdited:
      case Kind::kPageRestored: changes.work.emplace_back(WorkKind::kPage, id); break;
      default: break;
    }
  }
  auto unique = [](auto& list) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  };
  unique(changes.posts);
  unique(changes.threads);
  unique(changes.people);
  unique(changes.work);
  return changes;
}

namespace {

// At most `size` items per part, so that no indexing transaction holds the store's write lock
// long enough to delay the requests waiting behind it.
std::vector<Changes> split(const Changes& changes, std::size_t size) {
  std::vector<Changes> parts(1);
  auto room = [&] {
    const Changes& last = parts.back();
    if (last.posts.size() + last.threads.size() + last.people.size() + last.work.size() >= size) {
      parts.emplace_back();
    }
    return &parts.back();
  };
  for (int64_t id : changes.posts) room()->posts.push_back(id);
  for (int64_t id : changes.threads) room()->threads.push_back(id);
  for (int64_t id : changes.people) room()->people.push_back(id);
  for (const auto& item : changes.work) room()->work.push_back(item);
  return parts;
}

}  // namespace

Result<void> SearchSubscriber::handle_batch(std::span<const events::Event> events) {
  if (events.empty()) return {};
  const std::vector<Changes> parts = split(changes_of(events), kItemsPerTransaction);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    // Aside: on SQLite the index is a file of its own, and its merges hold only that file.
    auto applied = store::transact_aside(store_, [&](store::Connection& c) -> Result<bool> {
      const Index& index = index_for(c);
      if (!parts[k].empty()) index.apply(c, parts[k]);
      // The last part marks the whole batch indexed, with the index (a batch that changed nothing
      // too: else a file found behind its checkpoint at open would read back to the last change).
      if (k + 1 == parts.size()) index.mark_indexed(c, events.back().id);
      return true;
    });
    if (!applied) return std::unexpected(applied.error());
  }
  return {};
}

Result<void> SearchSubscriber::begin_rebuild(store::Connection& c) {
  index_for(c).clear(c);
  return {};
}

Result<void> SearchSubscriber::rebuild_from_state(store::Connection& c, const Progress& progress) {
  index_for(c).build(c, progress);
  index_for(c).mark_indexed(c, events::last_id(c));
  return {};
}

}  // namespace weft::search
