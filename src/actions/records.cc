#include "actions/records.h"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <set>

#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/people.h"
#include "policy/records.h"
#include "policy/spaces.h"
#include "wire/shape.h"

namespace weft::actions {
namespace {

namespace bj = boost::json;

Result<void> check_url(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || !parsed->has_authority() ||
      parsed->encoded_host().empty() || parsed->has_userinfo()) {
    return invalid("url", "url must be an http or https URL.");
  }
  return {};
}

// A list of ids given as digit strings (the API's form) or numbers.
std::string value_text(const bj::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_null()) return "";
  return json::to_text(value);
}

// What search indexes: the title, the key and every field value.
std::string search_text(const std::string& title, const std::string& external_id, const bj::object& fields) {
  std::string out = title + "\n" + external_id;
  for (const auto& [name, value] : fields) {
    std::string text = value_text(value);
    if (!text.empty()) out += "\n" + text;
  }
  return out;
}

RecordAccessList load_access(store::Connection& c, int64_t record_id) {
  RecordAccessList list;
  auto rows = c.query("SELECT principal_type, principal_id FROM record_access WHERE record_id = ? ORDER BY "
                      "principal_type, principal_id",
                      {record_id});
  while (rows->next()) (rows->text(0) == "person" ? list.people : list.units).push_back(rows->int64(1));
  return list;
}

struct Existing {
  int64_t id = 0;
  std::string title;
  std::optional<std::string> url;
  std::string fields;
  std::optional<int64_t> owner_id;
  std::optional<int64_t> space_id;
  bool restricted = false;
};

std::optional<Existing> find_record(store::Connection& c, const RecordInput& input) {
  auto rows = c.query("SELECT id, title, url, fields, owner_id, space_id, restricted FROM records WHERE system = ? "
                      "AND type = ? AND external_id = ?",
                      {input.system, input.type, input.external_id});
  if (!rows->next()) return std::nullopt;
  return Existing{rows->int64(0),          rows->text(1),           rows->optional_text(2), rows->text(3),
                  rows->optional_int64(4), rows->optional_int64(5), rows->int64(6) != 0};
}

std::optional<std::string> json_or_null(const bj::object& object, const std::string& key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  return json::to_text(*value);
}

}  // namespace

Result<void> check_record_key(const std::string& field, const std::string& text) {
  bool ok = !text.empty() && text.size() <= limits::kRecordKey.max;
  for (std::size_t k = 0; ok && k < text.size(); ++k) {
    char ch = text[k];
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    ok = alnum || (k > 0 && (ch == '.' || ch == '_' || ch == '-'));
  }
  if (!ok) {
    return invalid(field, field + " must be 1 to 60 lowercase letters, digits, '.', '_' or '-', starting with a "
                                  "letter or digit.");
  }
  return {};
}

namespace {

// A record as a system sends it: what is left out stays as it is (a new record: none).
struct RecordIn {
  RecordInput input;
  json::OptionalText url;
  json::OptionalId owner_id, space_id;
};
const auto kRecordIn = [](auto& r, RecordIn& in) {
  constexpr const char* kKey = "^[a-z0-9][a-z0-9._-]*$";
  r.text("system", in.input.system, {.length = limits::kRecordKey, .pattern = kKey});
  r.text("type", in.input.type, {.length = limits::kRecordKey, .pattern = kKey});
  r.text("external_id", in.input.external_id, {.description = "the record's key in its system", .length = limits::kExternalId});
  r.text("title", in.input.title, {.length = limits::kRecordTitle});
  r.text_or_null("url", in.url,
                 {.description = "an http or https link back to the record in its system", .sometimes = true,
                  .length = {0, limits::kUrl.max}});
  r.json_object("fields", in.input.fields,
                {.description = "at most 64 KiB as compact JSON; replaces the record's fields; absent keeps them",
                 .max_items = limits::kMaxFields});
  r.object_or_null("access", nullptr, in.input.access,
                   [](auto& list, RecordAccessList& access) {
                     list.ids("people", access.people, {.sometimes = true, .max_items = limits::kMaxAccess});
                     list.ids("units", access.units, {.sometimes = true, .max_items = limits::kMaxAccess});
                   },
                   {.description = "who may see the record (and admins); null lifts the list; absent keeps it"});
  r.boolean("quiet", in.input.quiet,
            {.description = "keep the changes in the history only: no post, no notification", .sometimes = true});
  r.id_or_null("owner_id", in.owner_id);
  r.id_or_null("space_id", in.space_id);
};

std::optional<std::optional<int64_t>> ref_of(const json::OptionalId& id) {
  if (!id.present) return std::nullopt;
  return std::optional<std::optional<int64_t>>{id.value};
}

}  // namespace

void define_record_input(wire::ShapeCatalog& catalog) { catalog.define_input<RecordIn>("RecordUpsert", kRecordIn); }

Result<RecordInput> parse_record_input(const bj::object& body) {
  RecordIn in;
  WEFT_TRY_VOID(wire::read(body, in, kRecordIn));
  RecordInput input = std::move(in.input);
  WEFT_TRY_VOID(check_record_key("system", input.system));
  WEFT_TRY_VOID(check_record_key("type", input.type));
  input.url_given = in.url.present;
  input.url = std::move(in.url.value);
  if (input.url && input.url->empty()) input.url.reset();
  if (input.url) WEFT_TRY_VOID(check_url(*input.url));
  if (input.fields) {
    for (const auto& [name, value] : body.at("fields").as_object()) {
      std::size_t length = json::utf8_length(name);
      if (length < limits::kFieldName.min || length > limits::kFieldName.max) {
        return invalid("fields", "fields names must be 1 to 100 characters.");
      }
      if (value.is_string() && json::utf8_length(value.as_string()) > limits::kFieldText.max) {
        return invalid("fields", "fields text values must be at most 4,000 characters (" + std::string(name) + ").");
      }
    }
    if (input.fields->size() > limits::kMaxFieldsBytes) return invalid("fields", "fields must be at most 64 KiB as JSON.");
  }
  if (input.access && *input.access) {
    auto& list = **input.access;
    for (auto* ids : {&list.people, &list.units}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    if (list.people.size() + list.units.size() > limits::kMaxAccess) {
      return invalid("access", "access may name at most 1,000 people and units.");
    }
  }
  input.owner_id = ref_of(in.owner_id);
  input.space_id = ref_of(in.space_id);
  return input;
}

Result<UpsertOutcome> upsert_record_in(store::Connection& c, const RecordSource& source, const RecordInput& input) {
  const Viewer* caller = source.caller ? &*source.caller : nullptr;
  if (caller && caller->is_guest()) return forbidden("Guests cannot create records.");
  if (source.secret_system && *source.secret_system != input.system) {
    return invalid("system", "This key only sends records of system " + *source.secret_system + ".");
  }
  if (c.query_int("SELECT 1 FROM record_types LIMIT 1")) {
    if (!c.query_int("SELECT 1 FROM record_types WHERE system = ? AND type = ''", {input.system}) &&
        !c.query_int("SELECT 1 FROM record_types WHERE system = ? AND type = ?", {input.system, input.type})) {
      if (!c.query_int("SELECT 1 FROM record_types WHERE system = ?", {input.system})) {
        return invalid("system", "Unknown system: " + input.system + ".");
      }
      return invalid("type", "Unknown type " + input.type + " for system " + input.system + ".");
    }
  }
  // Everyone named must exist (and be visible to a person who sends the record).
  if (input.access && *input.access) {
    for (int64_t person : (*input.access)->people) {
      bool known = caller ? policy::can_see_person(c, *caller, person)
                          : c.query_int("SELECT 1 FROM people WHERE id = ?", {person}).has_value();
      if (!known) return invalid("access", "access names a person who does not exist: " + std::to_string(person) + ".");
    }
    for (int64_t unit : (*input.access)->units) {
      if (!c.query_int("SELECT 1 FROM units WHERE id = ?", {unit})) {
        return invalid("access", "access names a unit that does not exist: " + std::to_string(unit) + ".");
      }
    }
  }
  if (input.owner_id && *input.owner_id) {
    bool known = caller ? policy::can_see_person(c, *caller, **input.owner_id)
                        : c.query_int("SELECT 1 FROM people WHERE id = ?", {**input.owner_id}).has_value();
    if (!known) return invalid("owner_id", "No such person.");
  }
  if (input.space_id && *input.space_id) {
    bool known = caller ? policy::space_access(c, *caller, **input.space_id).visible
                        : c.query_int("SELECT 1 FROM spaces WHERE id = ?", {**input.space_id}).has_value();
    if (!known) return invalid("space_id", "No such space.");
  }

  const int64_t now = clock::now_seconds();
  auto existing = find_record(c, input);
  if (existing && caller && !policy::can_see_record(c, *caller, existing->id)) return not_found("No such record.");

  // Access lists: only admins and signed hooks change an existing one; a person who makes a new
  // record with one must stay on it.
  bool access_changes = false;
  if (input.access) {
    const bool restrict = input.access->has_value();
    if (existing) {
      RecordAccessList current = load_access(c, existing->id);
      access_changes = restrict != existing->restricted ||
                       (restrict && ((*input.access)->people != current.people || (*input.access)->units != current.units));
      if (access_changes && caller && !caller->is_admin()) {
        return forbidden("Only admins may change a record's access list.");
      }
    } else {
      access_changes = restrict;
    }
    if (access_changes && restrict && caller && !caller->is_admin()) {
      const auto& list = **input.access;
      bool self = std::binary_search(list.people.begin(), list.people.end(), caller->person_id) ||
                  (caller->unit_id && std::binary_search(list.units.begin(), list.units.end(), *caller->unit_id));
      if (!self) return invalid("access", "Include yourself or your unit, or you could not see this record.");
    }
  }

  const std::string new_fields = input.fields.value_or(existing ? existing->fields : "{}");
  bj::object new_object = json::parse_object(new_fields).value_or(bj::object{});
  const std::string text = search_text(input.title, input.external_id, new_object);

  UpsertOutcome outcome;
  struct Change {
    std::string what, field;
    std::optional<std::string> old_value, new_value;
  };
  std::vector<Change> changes;
  if (!existing) {
    outcome.created = true;
    outcome.id = c.insert_returning_id(
        "INSERT INTO records (system, type, external_id, title, url, fields, search_text, space_id, owner_id, "
        "restricted, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {input.system, input.type, input.external_id, input.title, input.url, new_fields, text,
         input.space_id ? *input.space_id : std::optional<int64_t>(), input.owner_id ? *input.owner_id : std::optional<int64_t>(),
         input.access && input.access->has_value(), caller ? std::optional<int64_t>(caller->person_id) : std::nullopt,
         now, now});
  } else {
    outcome.id = existing->id;
    if (existing->title != input.title) {
      changes.push_back({"title", "title", json::to_text(bj::string(existing->title)), json::to_text(bj::string(input.title))});
    }
    if (input.url_given && existing->url != input.url) {
      auto as_json = [](const std::optional<std::string>& u) -> std::optional<std::string> {
        if (!u) return std::nullopt;
        return json::to_text(bj::string(*u));
      };
      changes.push_back({"url", "url", as_json(existing->url), as_json(input.url)});
    }
    if (input.fields) {
      bj::object old_object = json::parse_object(existing->fields).value_or(bj::object{});
      std::set<std::string> names;
      for (const auto& [name, value] : old_object) names.emplace(name);
      for (const auto& [name, value] : new_object) names.emplace(name);
      for (const auto& name : names) {
        auto before = json_or_null(old_object, name);
        auto after = json_or_null(new_object, name);
        if (before != after) changes.push_back({"field", name, before, after});
      }
    }
    const auto owner = input.owner_id ? *input.owner_id : existing->owner_id;
    const auto space = input.space_id ? *input.space_id : existing->space_id;
    if (owner != existing->owner_id) outcome.changed.push_back("owner");
    if (space != existing->space_id) outcome.changed.push_back("space");
    if (!changes.empty() || !outcome.changed.empty() || access_changes) {
      c.execute("UPDATE records SET title = ?, url = ?, fields = ?, search_text = ?, owner_id = ?, space_id = ?, "
                "updated_at = ? WHERE id = ?",
                {input.title, input.url_given ? input.url : existing->url, new_fields, text, owner, space, now,
                 existing->id});
    }
  }
  if (access_changes) {
    outcome.changed.push_back("access");
    c.execute("DELETE FROM record_access WHERE record_id = ?", {outcome.id});
    const bool restrict = input.access->has_value();
    if (restrict) {
      for (int64_t person : (*input.access)->people) {
        c.execute("INSERT INTO record_access (record_id, principal_type, principal_id) VALUES (?, 'person', ?)",
                  {outcome.id, person});
      }
      for (int64_t unit : (*input.access)->units) {
        c.execute("INSERT INTO record_access (record_id, principal_type, principal_id) VALUES (?, 'unit', ?)",
                  {outcome.id, unit});
      }
    }
    c.execute("UPDATE records SET restricted = ?, updated_at = ? WHERE id = ?", {restrict, now, outcome.id});
  }
  for (const auto& change : changes) {
    outcome.changed.push_back(change.what == "field" ? "fields." + change.field : change.what);
  }
  if (!outcome.created && outcome.changed.empty()) return outcome;  // nothing changed: nothing recorded

  int64_t event_id = events::append(
      c, {.actor_id = caller ? std::optional<int64_t>(caller->person_id) : std::nullopt,
          .object_id = outcome.id,
          .audience = "record",
          .payload = events::RecordUpserted{input.system, input.type, input.external_id, outcome.created ? 1 : 0,
                                            outcome.changed, input.quiet ? 1 : 0, caller ? "api" : "hook",
                                            source.secret_id}});
  for (const auto& change : changes) {
    c.execute("INSERT INTO record_changes (record_id, event_id, what, field, old_value, new_value, quiet, changed_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {outcome.id, event_id, change.what, change.field, change.old_value, change.new_value, input.quiet, now});
  }
  return outcome;
}

Result<UpsertOutcome> upsert_record(store::Store& store, const RecordSource& source, const RecordInput& input) {
  return store::transact(store, [&](store::Connection& c) { return upsert_record_in(c, source, input); });
}

Result<void> follow_record(store::Store& store, const Viewer& viewer, int64_t record_id, bool follow) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(policy::require_record(c, viewer, record_id));
    int64_t changed = 0;
    if (follow) {
      changed = c.execute("INSERT INTO record_follows (record_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT "
                          "DO NOTHING",
                          {record_id, viewer.person_id, clock::now_seconds()});
    } else {
      changed = c.execute("DELETE FROM record_follows WHERE record_id = ? AND person_id = ?", {record_id, viewer.person_id});
    }
    if (changed == 0) return true;
    c.execute(std::string("UPDATE records SET follower_count = follower_count ") + (follow ? "+" : "-") + " 1 WHERE id = ?",
              {record_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = record_id,
                       .audience = "record",
                       .payload = follow ? events::Payload(events::RecordFollowed{})
                                         : events::Payload(events::RecordUnfollowed{})});
    return true;
  }));
}

Result<void> allow_record_type(store::Store& store, const Viewer& viewer, const std::string& system,
                               const std::string& type, bool allow) {
  if (!viewer.is_admin()) return forbidden("Only admins may choose which records are accepted.");
  WEFT_TRY_VOID(check_record_key("system", system));
  if (!type.empty() && type != "*") WEFT_TRY_VOID(check_record_key("type", type));
  const std::string stored = type == "*" ? "" : type;
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (allow) {
      c.execute("INSERT INTO record_types (system, type, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                {system, stored, clock::now_seconds()});
    } else {
      c.execute("DELETE FROM record_types WHERE system = ? AND type = ?", {system, stored});
    }
    return true;
  }));
}

}  // namespace weft::actions
