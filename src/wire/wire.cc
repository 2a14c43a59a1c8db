#include "wire/wire.h"

#include "core/clock.h"
#include "core/json.h"

namespace weft::wire {

boost::json::value id_value(std::optional<int64_t> id) {
  if (!id) return nullptr;
  return boost::json::string(std::to_string(*id));
}

boost::json::object person_json(const Person& person, bool with_counts) {
  boost::json::object out;
  out["id"] = std::to_string(person.id);
  out["handle"] = person.handle;
  out["name"] = person.name;
  out["email"] = person.email;
  out["title"] = person.title;
  out["unit_id"] = id_value(person.unit_id);
  out["role"] = role_name(person.role);
  out["active"] = person.active;
  boost::json::array skills;
  for (const auto& skill : person.skills) {
    skills.push_back(boost::json::object{{"name", skill.name},
                                         {"endorsements", skill.endorsements},
                                         {"endorsed_by_me", skill.endorsed_by_me}});
  }
  out["skills"] = std::move(skills);
  out["bio"] = person.bio;
  out["created_at"] = clock::rfc3339(person.created_at);
  if (with_counts) {
    out["followers_count"] = person.followers_count;
    out["following_count"] = person.following_count;
    out["followed_by_me"] = person.followed_by_me;
  }
  return out;
}

boost::json::object unit_json(const Unit& unit) {
  return {{"id", std::to_string(unit.id)},
          {"name", unit.name},
          {"parent_id", id_value(unit.parent_id)},
          {"people_count", unit.people_count},
          {"created_at", clock::rfc3339(unit.created_at)}};
}

boost::json::object summary_json(const PersonSummary& person) {
  return {{"id", std::to_string(person.id)},
          {"handle", person.handle},
          {"name", person.name},
          {"title", person.title},
          {"unit_id", id_value(person.unit_id)}};
}

boost::json::object post_json(const Post& post, bool nested) {
  boost::json::object out;
  out["id"] = std::to_string(post.id);
  out["author"] = summary_json(post.author);
  out["body"] = post.body;
  out["audience"] = post.audience;
  out["space_id"] = id_value(post.space_id);
  out["record_id"] = id_value(post.record_id);
  out["reply_to"] = id_value(post.reply_to);
  out["root_id"] = std::to_string(post.root_id);
  out["reshare_of"] = id_value(post.reshare_of);
  if (!nested) {
    out["reshared"] = post.reshared ? boost::json::value(post_json(*post.reshared, true))
                                    : boost::json::value(nullptr);
  }
  boost::json::array topics;
  for (const auto& topic : post.topics) topics.push_back(boost::json::string(topic));
  out["topics"] = std::move(topics);
  boost::json::array mentions;
  for (int64_t id : post.mentions) mentions.push_back(boost::json::string(std::to_string(id)));
  out["mentions"] = std::move(mentions);
  boost::json::object reactions;
  for (std::size_t k = 0; k < kReactionKinds.size(); ++k) reactions[kReactionKinds[k]] = post.reactions[k];
  out["reactions"] = std::move(reactions);
  boost::json::array mine;
  for (const auto& kind : post.my_reactions) mine.push_back(boost::json::string(kind));
  out["my_reactions"] = std::move(mine);
  out["reply_count"] = post.reply_count;
  out["reshare_count"] = post.reshare_count;
  out["created_at"] = clock::rfc3339(post.created_at);
  out["edited_at"] = post.edited_at ? boost::json::value(clock::rfc3339(*post.edited_at)) : boost::json::value(nullptr);
  out["can_edit"] = post.can_edit;
  return out;
}

boost::json::object notification_json(const Notification& n) {
  return {{"id", std::to_string(n.id)},
          {"kind", n.kind},
          {"actor", n.actor.id != 0 ? boost::json::value(summary_json(n.actor)) : boost::json::value(nullptr)},
          {"subject_type", n.subject_type},
          {"subject_id", std::to_string(n.subject_id)},
          {"post_id", id_value(n.post_id)},
          {"space_id", id_value(n.space_id)},
          {"created_at", clock::rfc3339(n.created_at)},
          {"read", n.read}};
}

boost::json::value time_value(std::optional<int64_t> seconds) {
  if (!seconds) return nullptr;
  return boost::json::string(clock::rfc3339(*seconds));
}

namespace {
boost::json::value optional_text(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return boost::json::string(*text);
}

boost::json::array people_json(const std::vector<PersonSummary>& people) {
  boost::json::array out;
  for (const auto& person : people) out.push_back(summary_json(person));
  return out;
}

boost::json::object chain_json(const Chain& chain) {
  boost::json::object out;
  if (chain.problem) {
    out["problem"] = {{"id", std::to_string(chain.problem->id)},
                      {"title", chain.problem->title},
                      {"status", chain.problem->state},
                      {"people", people_json(chain.problem->people)}};
  } else {
    out["problem"] = nullptr;
  }
  boost::json::array ideas;
  for (const auto& idea : chain.ideas) {
    ideas.push_back({{"id", std::to_string(idea.id)},
                     {"title", idea.title},
                     {"stage", idea.state},
                     {"people", people_json(idea.people)}});
  }
  out["ideas"] = std::move(ideas);
  boost::json::array proposals;
  for (const auto& proposal : chain.proposals) {
    proposals.push_back({{"id", std::to_string(proposal.id)},
                         {"title", proposal.title},
                         {"status", proposal.state},
                         {"outcome", optional_text(proposal.outcome)},
                         {"decision", optional_text(proposal.decision)},
                         {"people", people_json(proposal.people)}});
  }
  out["proposals"] = std::move(proposals);
  return out;
}
}  // namespace

boost::json::object space_json(const Space& space) {
  return {{"id", std::to_string(space.id)},
          {"name", space.name},
          {"purpose", space.purpose},
          {"kind", space.kind},
          {"visibility", space.visibility},
          {"member_count", space.member_count},
          {"my_role", optional_text(space.my_role)},
          {"join_requested", space.join_requested},
          {"created_at", clock::rfc3339(space.created_at)}};
}

boost::json::object solution_json(const Solution& s) {
  return {{"id", std::to_string(s.id)},
          {"problem_id", std::to_string(s.problem_id)},
          {"author", summary_json(s.author)},
          {"body", s.body},
          {"votes", s.votes},
          {"my_vote", s.my_vote},
          {"accepted", s.accepted},
          {"created_at", clock::rfc3339(s.created_at)}};
}

boost::json::object problem_json(const Problem& p) {
  boost::json::object out{
      {"id", std::to_string(p.id)},
      {"space_id", std::to_string(p.space_id)},
      {"title", p.title},
      {"body", p.body},
      {"author", summary_json(p.author)},
      {"status", p.status},
      {"accepted_solution_id", id_value(p.accepted_solution_id)},
      {"suggested_experts", boost::json::array{}},
      {"solution_count", p.solution_count},
      {"record_id", id_value(p.record_id)},
      {"created_at", clock::rfc3339(p.created_at)},
      {"resolved_at", time_value(p.resolved_at)},
      {"resolution_seconds",
       p.resolved_at ? boost::json::value(*p.resolved_at - p.created_at) : boost::json::value(nullptr)}};
  if (p.chain) {
    boost::json::array solutions;
    for (const auto& s : p.solutions) solutions.push_back(solution_json(s));
    out["solutions"] = std::move(solutions);
    out["chain"] = chain_json(*p.chain);
  }
  return out;
}

boost::json::object idea_json(const Idea& i) {
  boost::json::object out{{"id", std::to_string(i.id)},
                          {"space_id", std::to_string(i.space_id)},
                          {"title", i.title},
                          {"body", i.body},
                          {"author", summary_json(i.author)},
                          {"stage", i.stage},
                          {"score", i.score},
                          {"my_vote", i.my_vote},
                          {"from_problem_id", id_value(i.from_problem_id)},
                          {"comment_count", i.comment_count},
                          {"created_at", clock::rfc3339(i.created_at)},
                          {"stage_changed_at", clock::rfc3339(i.stage_changed_at)}};
  if (i.chain) {
    boost::json::array comments;
    for (const auto& comment : i.comments) {
      comments.push_back({{"id", std::to_string(comment.id)},
                          {"author", summary_json(comment.author)},
                          {"body", comment.body},
                          {"created_at", clock::rfc3339(comment.created_at)}});
    }
    out["comments"] = std::move(comments);
    boost::json::array stages;
    for (const auto& change : i.stages) {
      stages.push_back({{"stage", change.stage},
                        {"note", change.note},
                        {"by", change.by ? boost::json::value(summary_json(*change.by)) : boost::json::value(nullptr)},
                        {"at", clock::rfc3339(change.at)}});
    }
    out["stages"] = std::move(stages);
    out["chain"] = chain_json(*i.chain);
  }
  return out;
}

boost::json::object proposal_json(const Proposal& r) {
  boost::json::object out{
      {"id", std::to_string(r.id)},
      {"space_id", std::to_string(r.space_id)},
      {"title", r.title},
      {"body", r.body},
      {"author", summary_json(r.author)},
      {"status", r.status},
      {"closes_at", clock::rfc3339(r.closes_at)},
      {"tally", {{"agree", r.agree}, {"abstain", r.abstain}, {"disagree", r.disagree}, {"block", r.block}}},
      {"my_stance", optional_text(r.my_stance)},
      {"outcome", optional_text(r.outcome)},
      {"decision", optional_text(r.decision)},
      {"from_idea_id", id_value(r.from_idea_id)},
      {"created_at", clock::rfc3339(r.created_at)},
      {"closed_at", time_value(r.closed_at)}};
  if (r.chain) {
    boost::json::array stances;
    for (const auto& stance : r.stances) {
      stances.push_back({{"person", summary_json(stance.person)},
                         {"stance", stance.stance},
                         {"reason", stance.reason},
                         {"updated_at", clock::rfc3339(stance.updated_at)}});
    }
    out["stances"] = std::move(stances);
    out["chain"] = chain_json(*r.chain);
  }
  return out;
}

}  // namespace weft::wire
