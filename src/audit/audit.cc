#include "audit/audit.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "events/event_log.h"

namespace weft::audit {
namespace {

using events::Kind;

// The kinds an audit log keeps and what each says in `detail`.
std::optional<std::string> detail_of(const events::Event& e) {
  switch (e.kind()) {
    case Kind::kSessionCreated: case Kind::kSessionEnded: case Kind::kPersonCreated:
    case Kind::kPersonDeactivated: case Kind::kPersonReactivated: case Kind::kPersonPasswordChanged:
    case Kind::kPersonCredentialsEnded: case Kind::kTokenCreated: case Kind::kTokenRevoked:
    case Kind::kPersonExported: case Kind::kWebhookUpdated: case Kind::kWebhookDeleted:
    case Kind::kInboundSecretRevoked:
      return std::string();
    case Kind::kPersonUpdated: {
      // Only a change of role is an administrator's act worth a line.
      const auto& role = e.as<events::PersonUpdated>()->role;
      if (role.empty()) return std::nullopt;
      return "role: " + role;
    }
    case Kind::kSpaceMemberChanged:
      return "space " + std::to_string(e.space_id.value_or(0)) + ", role: " + e.as<events::SpaceMemberChanged>()->role;
    case Kind::kPostReported: return e.as<events::PostReported>()->reason;
    case Kind::kPostHidden: return e.as<events::PostHidden>()->reason;
    case Kind::kPostRestored: return e.as<events::PostRestored>()->reason;
    case Kind::kPostReportsDismissed: return e.as<events::PostReportsDismissed>()->reason;
    case Kind::kWebhookCreated: return e.as<events::WebhookCreated>()->url;
    case Kind::kWebhookDisabled: return e.as<events::WebhookDisabled>()->reason;
    case Kind::kInboundSecretCreated: return e.as<events::InboundSecretCreated>()->name;
    case Kind::kInboundSecretRotated:
      return fmt::format("overlap {} s", e.as<events::InboundSecretRotated>()->overlap_seconds);
    case Kind::kAuditExported: return e.as<events::AuditExported>()->filter;
    default: return std::nullopt;
  }
}

constexpr const char* kColumns =
    "a.event_id, a.at, a.actor_id, COALESCE(ac.name, ''), a.action, a.object_type, a.object_id, "
    "COALESCE(op.name, ''), a.detail FROM audit_entries a LEFT JOIN people ac ON ac.id = a.actor_id LEFT JOIN people "
    "op ON op.id = a.object_id AND a.object_type = 'person'";

Entry read_entry(store::Rows& rows) {
  return {rows.int64(0), rows.int64(1), rows.optional_int64(2), rows.text(3), rows.text(4), rows.text(5),
          rows.optional_int64(6), rows.text(7), rows.text(8)};
}

Result<void> check(const Viewer& viewer, const Filter& filter) {
  if (!viewer.is_admin()) return forbidden("Only admins read the audit log.");
  if (filter.action.size() > 60) return invalid("action", "action must be at most 60 characters.");
  if (filter.since && filter.until && *filter.since >= *filter.until) {
    return invalid("until", "until must be after since.");
  }
  return {};
}

// The filter's WHERE conditions (after "WHERE 1 = 1").
std::string where(const Filter& filter, std::vector<store::Param>& params) {
  std::string sql;
  if (!filter.action.empty()) {
    if (filter.action.back() == '.') {
      sql += " AND a.action >= ? AND a.action < ?";
      params.push_back(store::Param::owned(filter.action));
      params.push_back(store::Param::owned(filter.action.substr(0, filter.action.size() - 1) + "/"));
    } else {
      sql += " AND a.action = ?";
      params.push_back(store::Param::owned(filter.action));
    }
  }
  if (filter.actor_id) {
    sql += " AND a.actor_id = ?";
    params.emplace_back(*filter.actor_id);
  }
  if (filter.since) {
    sql += " AND a.at >= ?";
    params.emplace_back(*filter.since);
  }
  if (filter.until) {
    sql += " AND a.at < ?";
    params.emplace_back(*filter.until);
  }
  return sql;
}

std::string csv_cell(const std::string& value) {
  std::string text = value;
  // A cell a spreadsheet would read as a formula is made text.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r')) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string iso_time(int64_t seconds) {
  return clock::rfc3339(seconds);
}

}  // namespace

std::optional<Entry> entry_of(const events::Event& event) {
  auto detail = detail_of(event);
  if (!detail) return std::nullopt;
  Entry entry;
  entry.event_id = event.id;
  entry.at = event.at;
  entry.actor_id = event.actor_id;
  entry.action = std::string(event.verb());
  entry.object_type = std::string(event.object_type());
  entry.object_id = event.object_id;
  entry.detail = detail->substr(0, 2000);
  return entry;
}

const std::vector<std::string>& audited_actions() {
  static const std::vector<std::string> actions = [] {
    std::vector<std::string> out;
    for (std::size_t k = 1; k < events::kKindCount; ++k) {
      const auto kind = static_cast<Kind>(k);
      events::Event probe;
      probe.payload = events::decode_payload(kind, kind == Kind::kPersonUpdated ? R"({"role":"admin"})" : "{}")
                          .value_or(events::Payload{});
      if (probe.kind() == kind && detail_of(probe)) out.emplace_back(events::verb_of(kind));
    }
    return out;
  }();
  return actions;
}

std::string Filter::describe() const {
  std::vector<std::string> parts;
  if (!action.empty()) parts.push_back("action=" + action);
  if (actor_id) parts.push_back("actor_id=" + std::to_string(*actor_id));
  if (since) parts.push_back("since=" + iso_time(*since));
  if (until) parts.push_back("until=" + iso_time(*until));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out.empty() ? "all" : out;
}

Result<cursor::Page<Entry>> entries(store::Store& store, const Viewer& viewer, const Filter& filter,
                                    const cursor::PageRequest& page) {
  WEFT_TRY_VOID(check(viewer, filter));
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Entry>> {
    std::vector<store::Param> params{page.number(0, INT64_MAX)};
    std::string sql = std::string("SELECT ") + kColumns + " WHERE a.event_id < ?" + where(filter, params) +
                      " ORDER BY a.event_id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    cursor::Page<Entry> out;
    auto rows = c.query(sql, params);
    while (rows->next()) out.items.push_back(read_entry(*rows));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next_cursor = cursor::encode({std::to_string(out.items.back().event_id)});
    }
    return out;
  });
}

Result<std::string> export_csv(store::Store& store, const Viewer& viewer, const Filter& filter, int64_t max_rows) {
  WEFT_TRY_VOID(check(viewer, filter));
  return store::transact(store, [&](store::Connection& c) -> Result<std::string> {
    std::vector<store::Param> params;
    std::string sql = std::string("SELECT ") + kColumns + " WHERE 1 = 1" + where(filter, params) +
                      " ORDER BY a.event_id LIMIT ?";
    params.emplace_back(max_rows);
    std::string out = "event_id,at,actor_id,actor,action,object_type,object_id,object,detail\r\n";
    auto rows = c.query(sql, params);
    while (rows->next()) {
      Entry e = read_entry(*rows);
      out += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", e.event_id, iso_time(e.at),
                         e.actor_id ? std::to_string(*e.actor_id) : "", csv_cell(e.actor_name), csv_cell(e.action),
                         csv_cell(e.object_type), e.object_id ? std::to_string(*e.object_id) : "",
                         csv_cell(e.object_name), csv_cell(e.detail));
    }
    rows.reset();
    events::append(c, {.actor_id = viewer.person_id, .object_id = viewer.person_id, .audience = "self",
                       .payload = events::AuditExported{filter.describe()}});
    return out;
  });
}

Result<void> Subscriber::handle_batch(std::span<const events::Event> events) {
  std::vector<Entry> lines;
  for (const auto& event : events) {
    if (auto entry = entry_of(event)) lines.push_back(std::move(*entry));
  }
  if (lines.empty()) return {};
  return discard_value(store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    for (const auto& e : lines) {
      c.execute("INSERT INTO audit_entries (event_id, at, actor_id, action, object_type, object_id, detail) VALUES "
                "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {e.event_id, e.at, e.actor_id, e.action, e.object_type, e.object_id, e.detail});
    }
    return true;
  }));
}

Result<void> Subscriber::begin_rebuild(store::Connection& c) {
  c.execute("DELETE FROM audit_entries");
  return {};
}

}  // namespace weft::audit
