// Wire shapes: the JSON form of each of Weft's objects, as the API contract (API.md) names their
// fields. One definition for every place that sends them — the HTTP API (api/), the WebSocket
// stream (realtime/), the command line — so they cannot drift apart. No HTTP here.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "model/analytics.h"
#include "model/expertise.h"
#include "model/notification.h"
#include "model/page.h"
#include "model/person.h"
#include "model/post.h"
#include "model/record.h"
#include "model/work.h"

namespace weft::wire {

boost::json::value id_value(std::optional<int64_t> id);
boost::json::object person_json(const Person& person, bool with_counts);
boost::json::object unit_json(const Unit& unit);
boost::json::object summary_json(const PersonSummary& person);
// `nested`: the original inside a reshare, which carries no "reshared" of its own.
boost::json::object post_json(const Post& post, bool nested = false);
// The same post's JSON text appended to `out`, with no object built (the feeds' and replies' lists).
void append_post_json(std::string& out, const Post& post, bool nested = false);
// A post for a shape's shape_value and shape_list: an object or text, whichever its writer writes.
struct PostShape {
  boost::json::object operator()(const Post& post) const { return post_json(post); }
  void append(std::string& out, const Post& post) const { append_post_json(out, post); }
};
boost::json::object notification_json(const Notification& notification);
boost::json::object space_json(const Space& space);
boost::json::object problem_json(const Problem& problem);
boost::json::object solution_json(const Solution& solution);
boost::json::object idea_json(const Idea& idea);
boost::json::object proposal_json(const Proposal& proposal);
boost::json::object record_json(const Record& record);  // RecordDetail when record.detail
boost::json::object record_change_json(const RecordChange& change);
boost::json::object suggestion_json(const ExpertSuggestion& suggestion);
boost::json::object accuracy_json(const ExpertiseAccuracy& accuracy);
boost::json::object outcomes_json(const Outcomes& outcomes);
boost::json::object network_json(const Network& network);
boost::json::object engagement_json(const Engagement& engagement);
boost::json::object comment_json(const IdeaComment& comment);  // on an idea or a page
boost::json::object page_json(const Page& page, bool with_body);
boost::json::object page_revision_json(const PageRevision& revision);
boost::json::object page_diff_json(const PageDiff& diff);
boost::json::object page_import_json(const PageImport& result);
boost::json::value time_value(std::optional<int64_t> seconds);
// {"error":{"code","message","field"?}}: every failure's body.
boost::json::object error_json(const Error& error);

// The JSON Schema of each shape above under its OpenAPI name (Person, PersonDetail, Post, Problem,
// ProblemDetail, Chain, …), generated from the same code that writes the values.
boost::json::object schemas();

}  // namespace weft::wire
