// Ideas and their comments.
#include "queries/work.h"

#include "policy/spaces.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

constexpr const char* kIdeaColumns =
    "i.id, i.space_id, i.title, i.body, i.stage, i.score, i.from_problem_id, i.comment_count, "
    "i.created_at, i.stage_changed_at, COALESCE((SELECT value FROM idea_votes v WHERE v.idea_id = "
    "i.id AND v.person_id = ?), 0), a.id, a.handle, a.name, a.title, a.unit_id, a.avatar_version";

Idea read_idea(store::Rows& rows) {
  Idea i;
  i.id = rows.int64(0);
  i.space_id = rows.int64(1);
  i.title = rows.text(2);
  i.body = rows.text(3);
  i.stage = rows.text(4);
  i.score = rows.int64(5);
  i.from_problem_id = rows.optional_int64(6);
  i.comment_count = rows.int64(7);
  i.created_at = rows.int64(8);
  i.stage_changed_at = rows.int64(9);
  i.my_vote = static_cast<int>(rows.int64(10));
  i.author = summary_at(rows, 11);
  return i;
}

}  // namespace

Result<IdeaComment> idea_comment(store::Store& store, const Viewer& viewer, int64_t comment_id) {
  return store::read(store, [&](store::Connection& c) -> Result<IdeaComment> {
    auto rows = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                            ", i.space_id FROM idea_comments cm JOIN ideas i ON i.id = cm.idea_id JOIN "
                            "people a ON a.id = cm.author_id WHERE cm.id = ?",
                        {comment_id});
    if (!rows->next()) return not_found("No such comment.");
    IdeaComment comment{rows->int64(0), summary_at(*rows, 3), rows->text(1), rows->int64(2)};
    const int64_t space_id = rows->int64(9);
    rows.reset();
    if (!content_visible(c, viewer, space_id)) return not_found("No such comment.");
    return comment;
  });
}

Result<Idea> idea(store::Store& store, const Viewer& viewer, int64_t idea_id, bool detail) {
  return store::read(store, [&](store::Connection& c) -> Result<Idea> {
    auto rows = c.query(std::string("SELECT ") + kIdeaColumns +
                            " FROM ideas i JOIN people a ON a.id = i.author_id WHERE i.id = ?",
                        {viewer.person_id, idea_id});
    if (!rows->next()) return not_found("No such idea.");
    Idea idea = read_idea(*rows);
    rows.reset();
    if (!content_visible(c, viewer, idea.space_id)) return not_found("No such idea.");
    if (!detail) return idea;
    auto comments = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                                " FROM idea_comments cm JOIN people a ON a.id = cm.author_id WHERE "
                                "cm.idea_id = ? ORDER BY cm.id LIMIT 1000",
                            {idea_id});
    while (comments->next()) {
      idea.comments.push_back({comments->int64(0), summary_at(*comments, 3), comments->text(1), comments->int64(2)});
    }
    comments.reset();
    auto stages = c.query(std::string("SELECT st.stage, st.note, st.at, ") + kAuthor +
                              " FROM idea_stages st LEFT JOIN people a ON a.id = st.by_id WHERE "
                              "st.idea_id = ? ORDER BY st.id",
                          {idea_id});
    while (stages->next()) {
      StageChange change{stages->text(0), stages->text(1), std::nullopt, stages->int64(2)};
      if (!stages->is_null(3)) change.by = summary_at(*stages, 3);
      idea.stages.push_back(std::move(change));
    }
    stages.reset();
    idea.chain = chain_of_idea(c, viewer, idea_id);
    return idea;
  });
}

Result<cursor::Page<Idea>> space_ideas(store::Store& store, const Viewer& viewer, int64_t space_id,
                                       const std::string& stage, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Idea>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{viewer.person_id, space_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kIdeaColumns +
                      " FROM ideas i JOIN people a ON a.id = i.author_id WHERE i.space_id = ? AND i.id < ?";
    if (!stage.empty()) {
      sql += " AND i.stage = ?";
      params.emplace_back(stage);
    }
    sql += " ORDER BY i.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Idea> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_idea(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<WorkAcross<Idea>> ideas_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                      const cursor::PageRequest& page) {
  return across<Idea>(store, viewer, filter, page, kIdeaColumns, {viewer.person_id}, "ideas", "i", false, "stage",
                      "i.stage", read_idea);
}

}  // namespace weft::queries
