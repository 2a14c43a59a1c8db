#include "identity/scim.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/clock.h"

namespace weft::identity {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return std::string(text.substr(begin, text.find_last_not_of(" \t") - begin + 1));
}

Result<std::optional<std::string>> optional_text(const boost::json::object& body, std::string_view key,
                                                 const std::string& field, std::size_t max = 256) {
  const auto* value = body.if_contains(key);
  if (!value || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return invalid(field, field + " must be a string.");
  std::string text = trim(value->as_string());
  if (text.size() > max) return invalid(field, field + " must be at most " + std::to_string(max) + " characters.");
  return std::optional<std::string>(std::move(text));
}

Result<void> check_schemas(const boost::json::object& body, std::initializer_list<const char*> known, const char* needed) {
  const auto* schemas = body.if_contains("schemas");
  if (!schemas || !schemas->is_array()) return invalid("schemas", "schemas must be a list holding " + std::string(needed) + ".");
  bool found = false;
  for (const auto& schema : schemas->as_array()) {
    if (!schema.is_string()) return invalid("schemas", "schemas must be a list of schema URNs.");
    const std::string_view urn = schema.as_string();
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return urn == k; })) {
      return invalid("schemas", "Unknown schema: " + std::string(urn) + ".");
    }
    if (urn == needed) found = true;
  }
  if (!found) return invalid("schemas", "schemas must hold " + std::string(needed) + ".");
  return {};
}

// The sign-in address among `emails`: the primary, else the work one, else (only when the list is
// the whole of a person's addresses, not a change to them) the first.
Result<std::optional<std::string>> email_of(const boost::json::value& emails, bool whole_list = true) {
  if (emails.is_null()) return std::optional<std::string>();
  if (!emails.is_array()) return invalid("emails", "emails must be a list of {value, type, primary}.");
  std::optional<std::string> first, work, primary;
  for (const auto& item : emails.as_array()) {
    if (!item.is_object()) return invalid("emails", "emails must be a list of {value, type, primary}.");
    const auto& email = item.as_object();
    WEFT_ASSIGN_OR_RETURN(auto value, optional_text(email, "value", "emails"));
    if (!value || value->empty()) continue;
    if (!first) first = value;
    const auto* type = email.if_contains("type");
    if (!work && type && type->is_string() && lower(type->as_string()) == "work") work = value;
    const auto* is_primary = email.if_contains("primary");
    if (!primary && is_primary && boolean_of(*is_primary).value_or(false)) primary = value;
  }
  return primary ? primary : work ? work : whole_list ? first : std::nullopt;
}

std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < name.size()) {
    auto end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    if (end > start) out.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Sets one attribute of a user from a PATCH (or a path-less object's key). `path` is lower case.
Result<void> set_user(ScimUser& user, const std::string& path, const boost::json::value& value, bool remove) {
  auto text = [&](std::string& target, const char* field, bool required) -> Result<void> {
    if (remove || value.is_null()) {
      if (required) return invalid("Operations", std::string(field) + " cannot be removed.");
      target.clear();
      return {};
    }
    if (!value.is_string()) return invalid("Operations", std::string(field) + " must be a string.");
    target = trim(value.as_string());
    if (required && target.empty()) return invalid("Operations", std::string(field) + " cannot be empty.");
    return {};
  };
  auto optional = [&](std::optional<std::string>& target, const char* field) -> Result<void> {
    if (remove || value.is_null()) {
      target.reset();
      return {};
    }
    if (!value.is_string()) return invalid("Operations", std::string(field) + " must be a string.");
    target = trim(value.as_string());
    if (target->empty()) target.reset();
    return {};
  };
  const std::string enterprise = lower(kEnterpriseSchema);
  if (path == "active") {
    if (remove) return invalid("Operations", "active cannot be removed.");
    auto active = boolean_of(value);
    if (!active) return invalid("Operations", "active must be true or false.");
    user.active = *active;
    return {};
  }
  if (path == "username") return text(user.user_name, "userName", true);
  if (path == "displayname") return text(user.display_name, "displayName", false);
  if (path == "title") return text(user.title, "title", false);
  if (path == "externalid") return optional(user.external_id, "externalId");
  if (path == "name.givenname") return text(user.given_name, "name.givenName", false);
  if (path == "name.familyname") return text(user.family_name, "name.familyName", false);
  if (path == "name.formatted") return text(user.formatted, "name.formatted", false);
  if (path == "name") {
    if (remove || value.is_null()) {
      user.given_name.clear(), user.family_name.clear(), user.formatted.clear();
      return {};
    }
    if (!value.is_object()) return invalid("Operations", "name must be an object.");
    for (const auto& [key, inner] : value.as_object()) {
      WEFT_TRY_VOID(set_user(user, "name." + lower(key), inner, false));
    }
    return {};
  }
  if (path == "emails" || path.starts_with("emails[") || path == "emails.value") {
    // Only the work (or primary) address is the sign-in address: a change to another one
    // (emails[type eq "home"]) is accepted and not kept.
    if (path.starts_with("emails[")) {
      const auto filter = path.substr(0, path.find(']'));
      if (filter.find("\"work\"") == std::string::npos && filter.find("primary") == std::string::npos) return {};
    }
    if (remove) {
      user.email.reset();
      return {};
    }
    if (value.is_string()) {
      user.email = trim(value.as_string());
      return {};
    }
    WEFT_ASSIGN_OR_RETURN(auto email, email_of(value, false));
    if (email) user.email = email;
    return {};
  }
  if (path == enterprise + ":department" || path == "department") return optional(user.department, "department");
  if (path == enterprise) {
    if (remove || value.is_null()) {
      user.department.reset();
      return {};
    }
    if (!value.is_object()) return invalid("Operations", "The enterprise extension must be an object.");
    for (const auto& [key, inner] : value.as_object()) {
      if (lower(key) == "department") WEFT_TRY_VOID(set_user(user, "department", inner, false));
    }
    return {};
  }
  // Attributes Weft does not keep (phone numbers, locale, manager, …) are accepted and not kept,
  // so that an identity provider's full profile does not fail.
  return {};
}

struct Operation {
  std::string op, path;
  const boost::json::value* value = nullptr;
};

Result<std::vector<Operation>> operations_of(const boost::json::object& patch) {
  WEFT_TRY_VOID(check_schemas(patch, {kPatchSchema}, kPatchSchema));
  const auto* ops = patch.if_contains("Operations");
  if (!ops || !ops->is_array() || ops->as_array().empty()) {
    return invalid("Operations", "Operations must be a non-empty list of {op, path, value}.");
  }
  std::vector<Operation> out;
  for (const auto& item : ops->as_array()) {
    if (!item.is_object()) return invalid("Operations", "Each operation must be an object.");
    const auto& op = item.as_object();
    const auto* name = op.if_contains("op");
    if (!name || !name->is_string()) return invalid("Operations", "Each operation needs op: add, replace or remove.");
    Operation operation{lower(name->as_string()), "", op.if_contains("value")};
    if (operation.op != "add" && operation.op != "replace" && operation.op != "remove") {
      return invalid("Operations", "op must be add, replace or remove.");
    }
    if (const auto* path = op.if_contains("path"); path && !path->is_null()) {
      if (!path->is_string()) return invalid("Operations", "path must be a string.");
      operation.path = trim(path->as_string());
    }
    if (operation.op != "remove" && !operation.value) return invalid("Operations", operation.op + " needs a value.");
    if (operation.op == "remove" && operation.path.empty()) return invalid("Operations", "remove needs a path.");
    out.push_back(std::move(operation));
  }
  return out;
}

std::string time_of(int64_t seconds) { return clock::rfc3339(seconds); }

}  // namespace

std::optional<bool> boolean_of(const boost::json::value& value) {
  if (value.is_bool()) return value.as_bool();
  if (value.is_string()) {
    const std::string text = lower(value.as_string());
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return std::nullopt;
}

std::string ScimUser::weft_name() const {
  if (!display_name.empty()) return display_name;
  if (!formatted.empty()) return formatted;
  std::string joined = trim(given_name + " " + family_name);
  if (!joined.empty()) return joined;
  return user_name.substr(0, user_name.find('@'));
}

Result<ScimUser> user_from_json(const boost::json::object& body) {
  WEFT_TRY_VOID(check_schemas(body, {kUserSchema, kEnterpriseSchema}, kUserSchema));
  ScimUser user;
  WEFT_ASSIGN_OR_RETURN(auto user_name, optional_text(body, "userName", "userName"));
  if (!user_name || user_name->empty()) return invalid("userName", "userName is required.");
  user.user_name = *user_name;
  WEFT_ASSIGN_OR_RETURN(user.external_id, optional_text(body, "externalId", "externalId"));
  if (user.external_id && user.external_id->empty()) user.external_id.reset();
  WEFT_ASSIGN_OR_RETURN(auto display, optional_text(body, "displayName", "displayName"));
  user.display_name = display.value_or("");
  WEFT_ASSIGN_OR_RETURN(auto title, optional_text(body, "title", "title"));
  user.title = title.value_or("");
  if (const auto* name = body.if_contains("name"); name && !name->is_null()) {
    if (!name->is_object()) return invalid("name", "name must be an object.");
    WEFT_ASSIGN_OR_RETURN(auto given, optional_text(name->as_object(), "givenName", "name"));
    WEFT_ASSIGN_OR_RETURN(auto family, optional_text(name->as_object(), "familyName", "name"));
    WEFT_ASSIGN_OR_RETURN(auto formatted, optional_text(name->as_object(), "formatted", "name"));
    user.given_name = given.value_or("");
    user.family_name = family.value_or("");
    user.formatted = formatted.value_or("");
  }
  if (const auto* emails = body.if_contains("emails")) {
    WEFT_ASSIGN_OR_RETURN(user.email, email_of(*emails));
  }
  if (const auto* active = body.if_contains("active"); active && !active->is_null()) {
    auto value = boolean_of(*active);
    if (!value) return invalid("active", "active must be true or false.");
    user.active = *value;
  }
  if (const auto* extension = body.if_contains(kEnterpriseSchema); extension && !extension->is_null()) {
    if (!extension->is_object()) return invalid("schemas", "The enterprise extension must be an object.");
    WEFT_ASSIGN_OR_RETURN(user.department, optional_text(extension->as_object(), "department", "department"));
    if (user.department && user.department->empty()) user.department.reset();
  }
  return user;
}

boost::json::object user_json(const ScimUser& user, const std::string& base_url) {
  boost::json::array schemas{kUserSchema};
  const std::vector<std::string> parts = words(user.display_name);
  boost::json::object name{{"formatted", user.display_name}};
  if (!parts.empty()) {
    name["givenName"] = parts.front();
    std::string family;
    for (std::size_t i = 1; i < parts.size(); ++i) family += (family.empty() ? "" : " ") + parts[i];
    if (!family.empty()) name["familyName"] = family;
  }
  boost::json::object out{
      {"schemas", schemas},
      {"id", std::to_string(user.id)},
      {"userName", user.user_name},
      {"name", std::move(name)},
      {"displayName", user.display_name},
      {"title", user.title},
      {"emails", boost::json::array{boost::json::object{{"value", user.weft_email()}, {"type", "work"}, {"primary", true}}}},
      {"active", user.active},
      {"meta", boost::json::object{{"resourceType", "User"},
                                   {"created", time_of(user.created)},
                                   {"lastModified", time_of(user.updated)},
                                   {"location", base_url + "/scim/v2/Users/" + std::to_string(user.id)},
                                   {"version", "W/\"" + std::to_string(user.updated) + "\""}}}};
  if (user.external_id) out["externalId"] = *user.external_id;
  if (user.department) {
    out["schemas"].as_array().push_back(boost::json::string(kEnterpriseSchema));
    out[kEnterpriseSchema] = boost::json::object{{"department", *user.department}};
  }
  return out;
}

Result<ScimGroup> group_from_json(const boost::json::object& body) {
  WEFT_TRY_VOID(check_schemas(body, {kGroupSchema}, kGroupSchema));
  ScimGroup group;
  WEFT_ASSIGN_OR_RETURN(auto name, optional_text(body, "displayName", "displayName"));
  if (!name || name->empty()) return invalid("displayName", "displayName is required.");
  group.display_name = *name;
  WEFT_ASSIGN_OR_RETURN(group.external_id, optional_text(body, "externalId", "externalId"));
  if (group.external_id && group.external_id->empty()) group.external_id.reset();
  if (const auto* members = body.if_contains("members"); members && !members->is_null()) {
    if (!members->is_array()) return invalid("members", "members must be a list of {value}.");
    for (const auto& item : members->as_array()) {
      const auto* value = item.is_object() ? item.as_object().if_contains("value") : nullptr;
      int64_t id = 0;
      if (!value || !value->is_string() ||
          std::from_chars(value->as_string().data(), value->as_string().data() + value->as_string().size(), id).ec !=
              std::errc() || id <= 0) {
        return invalid("members", "Each member must be {\"value\": the id of a user}.");
      }
      group.members.push_back({id, ""});
    }
  }
  return group;
}

boost::json::object group_json(const ScimGroup& group, const std::string& base_url) {
  boost::json::array members;
  for (const auto& m : group.members) {
    members.push_back(boost::json::object{{"value", std::to_string(m.id)},
                                          {"display", m.display},
                                          {"$ref", base_url + "/scim/v2/Users/" + std::to_string(m.id)}});
  }
  boost::json::object out{{"schemas", boost::json::array{kGroupSchema}},
                          {"id", std::to_string(group.id)},
                          {"displayName", group.display_name},
                          {"members", std::move(members)},
                          {"meta", boost::json::object{{"resourceType", "Group"},
                                                       {"created", time_of(group.created)},
                                                       {"lastModified", time_of(group.updated)},
                                                       {"location", base_url + "/scim/v2/Groups/" + std::to_string(group.id)},
                                                       {"version", "W/\"" + std::to_string(group.updated) + "\""}}}};
  if (group.external_id) out["externalId"] = *group.external_id;
  return out;
}

Result<ScimUser> patch_user(const ScimUser& user, const boost::json::object& patch) {
  WEFT_ASSIGN_OR_RETURN(auto operations, operations_of(patch));
  ScimUser out = user;
  // A patch edits what the user says: keep the name as given so far in the formatted field.
  if (out.formatted.empty()) out.formatted = out.display_name;
  for (const auto& op : operations) {
    const bool remove = op.op == "remove";
    if (op.path.empty()) {
      if (!op.value->is_object()) return invalid("Operations", op.op + " without a path needs an object value.");
      for (const auto& [key, value] : op.value->as_object()) {
        WEFT_TRY_VOID(set_user(out, lower(key), value, false));
      }
      continue;
    }
    static const boost::json::value null_value;
    WEFT_TRY_VOID(set_user(out, lower(op.path), remove ? null_value : *op.value, remove));
  }
  if (trim(out.user_name).empty()) return invalid("Operations", "userName cannot be empty.");
  return out;
}

Result<ScimGroup> patch_group(const ScimGroup& group, const boost::json::object& patch) {
  WEFT_ASSIGN_OR_RETURN(auto operations, operations_of(patch));
  ScimGroup out = group;
  auto member_ids = [](const boost::json::value& value) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> ids;
    const boost::json::array* list = value.if_array();
    boost::json::array single;
    if (!list && value.is_object()) {
      single.push_back(value);
      list = &single;
    }
    if (!list) return invalid("Operations", "members must be a list of {value}.");
    for (const auto& item : *list) {
      const auto* v = item.is_object() ? item.as_object().if_contains("value") : nullptr;
      int64_t id = 0;
      if (!v || !v->is_string() ||
          std::from_chars(v->as_string().data(), v->as_string().data() + v->as_string().size(), id).ec != std::errc() ||
          id <= 0) {
        return invalid("Operations", "Each member must be {\"value\": the id of a user}.");
      }
      ids.push_back(id);
    }
    return ids;
  };
  auto add = [&](const std::vector<int64_t>& ids) {
    for (int64_t id : ids) {
      if (std::none_of(out.members.begin(), out.members.end(), [&](const ScimMember& m) { return m.id == id; })) {
        out.members.push_back({id, ""});
      }
    }
  };
  auto drop = [&](const std::vector<int64_t>& ids) {
    std::erase_if(out.members, [&](const ScimMember& m) { return std::find(ids.begin(), ids.end(), m.id) != ids.end(); });
  };
  for (const auto& op : operations) {
    const std::string path = lower(op.path);
    if (path.empty()) {
      if (!op.value->is_object()) return invalid("Operations", op.op + " without a path needs an object value.");
      for (const auto& [key, value] : op.value->as_object()) {
        const std::string k = lower(key);
        if (k == "displayname" && value.is_string() && !trim(value.as_string()).empty()) {
          out.display_name = trim(value.as_string());
        } else if (k == "externalid" && (value.is_string() || value.is_null())) {
          out.external_id = value.is_string() ? std::optional(std::string(value.as_string())) : std::nullopt;
        } else if (k == "members") {
          WEFT_ASSIGN_OR_RETURN(auto ids, member_ids(value));
          if (op.op == "replace") out.members.clear();
          add(ids);
        } else if (k == "displayname") {
          return invalid("Operations", "displayName must be a non-empty string.");
        }
      }
      continue;
    }
    if (path == "displayname") {
      if (op.op == "remove" || !op.value->is_string() || trim(op.value->as_string()).empty()) {
        return invalid("Operations", "displayName must be a non-empty string.");
      }
      out.display_name = trim(op.value->as_string());
    } else if (path == "externalid") {
      if (op.op == "remove" || op.value->is_null()) {
        out.external_id.reset();
      } else if (op.value->is_string()) {
        out.external_id = std::string(op.value->as_string());
      } else {
        return invalid("Operations", "externalId must be a string.");
      }
    } else if (path == "members") {
      if (op.op == "remove") {
        if (op.value) {
          WEFT_ASSIGN_OR_RETURN(auto ids, member_ids(*op.value));
          drop(ids);
        } else {
          out.members.clear();
        }
      } else {
        WEFT_ASSIGN_OR_RETURN(auto ids, member_ids(*op.value));
        if (op.op == "replace") out.members.clear();
        add(ids);
      }
    } else if (path.starts_with("members[value eq ") && path.ends_with("]")) {
      // members[value eq "12"]
      std::string inner = path.substr(17, path.size() - 18);
      inner = trim(inner);
      if (inner.size() >= 2 && inner.front() == '"' && inner.back() == '"') inner = inner.substr(1, inner.size() - 2);
      int64_t id = 0;
      if (std::from_chars(inner.data(), inner.data() + inner.size(), id).ec != std::errc() || id <= 0) {
        return invalid("Operations", "members[value eq \"…\"] must name the id of a user.");
      }
      if (op.op != "remove") return invalid("Operations", "A filtered members path can only be removed.");
      drop({id});
    } else {
      return invalid("Operations", "Unknown path for a group: " + op.path + ".");
    }
  }
  return out;
}

// ---- filters ------------------------------------------------------------------------------

namespace {

struct Token {
  enum Kind { kWord, kString, kOpen, kClose, kOpenBracket, kCloseBracket, kEnd } kind = kEnd;
  std::string text;
};

class FilterParser {
 public:
  FilterParser(std::string_view text, FilterTarget target, std::vector<store::Param>& params)
      : text_(text), target_(target), params_(params) {}

  Result<std::string> parse() {
    WEFT_TRY_VOID(tokenize());
    WEFT_ASSIGN_OR_RETURN(auto sql, expression());
    if (peek().kind != Token::kEnd) return std::unexpected(bad("unexpected " + peek().text));
    return sql;
  }

 private:
  Error bad(const std::string& what) const {
    return Error{ErrorCode::kInvalidArgument, "The filter cannot be read: " + what + ".", "filter"};
  }

  Result<void> tokenize() {
    std::size_t at = 0;
    while (at < text_.size()) {
      const char ch = text_[at];
      if (ch == ' ' || ch == '\t') {
        ++at;
      } else if (ch == '(' || ch == ')' || ch == '[' || ch == ']') {
        tokens_.push_back({ch == '(' ? Token::kOpen : ch == ')' ? Token::kClose : ch == '[' ? Token::kOpenBracket
                                                                                            : Token::kCloseBracket,
                           std::string(1, ch)});
        ++at;
      } else if (ch == '"') {
        std::string value;
        ++at;
        bool closed = false;
        while (at < text_.size()) {
          if (text_[at] == '\\' && at + 1 < text_.size()) {
            value.push_back(text_[at + 1]);
            at += 2;
          } else if (text_[at] == '"') {
            closed = true;
            ++at;
            break;
          } else {
            value.push_back(text_[at++]);
          }
        }
        if (!closed) return std::unexpected(bad("a string is not closed"));
        tokens_.push_back({Token::kString, std::move(value)});
      } else {
        std::size_t end = at;
        while (end < text_.size() && std::string_view(" \t()[]\"").find(text_[end]) == std::string_view::npos) ++end;
        tokens_.push_back({Token::kWord, std::string(text_.substr(at, end - at))});
        at = end;
      }
      if (tokens_.size() > 200) return std::unexpected(bad("it is too long"));
    }
    tokens_.push_back({Token::kEnd, "the end"});
    return {};
  }

  const Token& peek() const { return tokens_[std::min(next_, tokens_.size() - 1)]; }
  Token take() { return tokens_[std::min(next_++, tokens_.size() - 1)]; }
  bool keyword(const char* word) const { return peek().kind == Token::kWord && lower(peek().text) == word; }

  Result<std::string> expression() {
    if (++depth_ > 20) return std::unexpected(bad("it nests too deeply"));
    WEFT_ASSIGN_OR_RETURN(auto left, term());
    while (keyword("or")) {
      take();
      WEFT_ASSIGN_OR_RETURN(auto right, term());
      left = "(" + left + " OR " + right + ")";
    }
    --depth_;
    return left;
  }

  Result<std::string> term() {
    WEFT_ASSIGN_OR_RETURN(auto left, factor());
    while (keyword("and")) {
      take();
      WEFT_ASSIGN_OR_RETURN(auto right, factor());
      left = "(" + left + " AND " + right + ")";
    }
    return left;
  }

  Result<std::string> factor() {
    if (keyword("not")) {
      take();
      if (peek().kind != Token::kOpen) return std::unexpected(bad("not needs parentheses"));
      take();
      WEFT_ASSIGN_OR_RETURN(auto inner, expression());
      if (take().kind != Token::kClose) return std::unexpected(bad("a parenthesis is not closed"));
      return "NOT " + inner;
    }
    if (peek().kind == Token::kOpen) {
      take();
      WEFT_ASSIGN_OR_RETURN(auto inner, expression());
      if (take().kind != Token::kClose) return std::unexpected(bad("a parenthesis is not closed"));
      return inner;
    }
    return comparison();
  }

  struct Column {
    std::string sql;
    enum Type { kText, kExact, kId, kBool, kMember } type = kText;
  };

  Result<Column> column_of(const std::string& attribute) {
    const std::string a = lower(attribute);
    if (a == "id") return Column{target_ == FilterTarget::kUsers ? "p.id" : "g.id", Column::kId};
    if (a == "externalid") return Column{target_ == FilterTarget::kUsers ? "p.external_id" : "g.external_id", Column::kExact};
    if (target_ == FilterTarget::kUsers) {
      // E-mail addresses are stored in lower case: compared as they are, the unique index serves an eq.
      if (a == "username" || a == "emails" || a == "emails.value") return Column{"p.email", Column::kText};
      if (a == "displayname" || a == "name.formatted") return Column{"LOWER(p.name)", Column::kText};
      if (a == "title") return Column{"LOWER(p.title)", Column::kText};
      if (a == "active") return Column{"p.deactivated_at IS NULL", Column::kBool};
    } else {
      if (a == "displayname") return Column{"LOWER(g.display_name)", Column::kText};
      if (a == "members" || a == "members.value") return Column{"", Column::kMember};
    }
    return std::unexpected(bad("it does not know the attribute " + attribute));
  }

  Result<std::string> comparison() {
    Token attribute = take();
    if (attribute.kind != Token::kWord) return std::unexpected(bad("an attribute is expected, not " + attribute.text));
    std::string name = attribute.text;
    // emails[type eq "work"].value and members[value eq "12"]: the inner filter names the value.
    if (peek().kind == Token::kOpenBracket) {
      take();
      Token inner = take();
      Token op = take();
      Token value = take();
      if (take().kind != Token::kCloseBracket) return std::unexpected(bad("a bracket is not closed"));
      const std::string base = lower(name);
      if (base == "members" && lower(inner.text) == "value" && lower(op.text) == "eq" && value.kind == Token::kString) {
        return member_sql(value.text);
      }
      if (base == "emails" && lower(inner.text) == "type") {
        // Weft keeps one e-mail, the work one: the value path that may follow compares it.
        if (peek().kind == Token::kWord && peek().text.starts_with(".")) name = "emails" + take().text;
        else name = "emails";
      } else {
        return std::unexpected(bad("it cannot read " + name + "[…]"));
      }
    }
    WEFT_ASSIGN_OR_RETURN(Column column, column_of(name));
    Token op_token = take();
    if (op_token.kind != Token::kWord) return std::unexpected(bad("an operator is expected after " + name));
    const std::string op = lower(op_token.text);
    if (op == "pr") {
      if (column.type == Column::kBool || column.type == Column::kId) return std::string("1 = 1");
      if (column.type == Column::kMember) return std::string("EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = g.id)");
      return "(" + column.sql + " IS NOT NULL AND " + column.sql + " <> '')";
    }
    Token value = take();
    if (value.kind != Token::kString && value.kind != Token::kWord) {
      return std::unexpected(bad("a value is expected after " + op_token.text));
    }
    if (column.type == Column::kMember) {
      if (op != "eq") return std::unexpected(bad("members can only be compared with eq"));
      return member_sql(value.text);
    }
    if (column.type == Column::kBool) {
      const std::string v = lower(value.text);
      if ((op != "eq" && op != "ne") || (v != "true" && v != "false")) {
        return std::unexpected(bad("active compares with eq or ne to true or false"));
      }
      return (v == "true") == (op == "eq") ? "(" + column.sql + ")" : "NOT (" + column.sql + ")";
    }
    if (column.type == Column::kId) {
      int64_t id = 0;
      if (std::from_chars(value.text.data(), value.text.data() + value.text.size(), id).ec != std::errc()) {
        return std::string(op == "ne" ? "1 = 1" : "1 = 0");  // no id is not a number
      }
      if (op != "eq" && op != "ne") return std::unexpected(bad("id compares with eq or ne"));
      params_.emplace_back(id);
      return column.sql + (op == "eq" ? " = ?" : " <> ?");
    }
    const std::string v = column.type == Column::kText ? lower(value.text) : value.text;
    // A column the SQL folds (LOWER(p.name)) is compared with a value the SQL folds the same way:
    // PostgreSQL's LOWER folds "É" too, which C++'s ASCII lower() leaves, so "Équipe" never
    // matched there.
    const std::string mark = column.sql.starts_with("LOWER(") ? "LOWER(?)" : "?";
    auto like = [&](const std::string& pattern) {
      std::string escaped;
      for (char ch : v) {
        if (ch == '%' || ch == '_' || ch == '\\') escaped.push_back('\\');
        escaped.push_back(ch);
      }
      std::string text = pattern;
      text.replace(text.find('*'), 1, escaped);
      params_.push_back(store::Param::owned(text));
      return column.sql + " LIKE " + mark + " ESCAPE '\\'";
    };
    if (op == "eq") {
      params_.push_back(store::Param::owned(v));
      return column.sql + " = " + mark;
    }
    if (op == "ne") {
      params_.push_back(store::Param::owned(v));
      return "(" + column.sql + " IS NULL OR " + column.sql + " <> " + mark + ")";
    }
    if (op == "co") return like("%*%");
    if (op == "sw") return like("*%");
    if (op == "ew") return like("%*");
    static const std::pair<const char*, const char*> kOrder[] = {{"gt", " > "}, {"ge", " >= "}, {"lt", " < "}, {"le", " <= "}};
    for (const auto& [name_of, sql] : kOrder) {
      if (op == name_of) {
        params_.push_back(store::Param::owned(v));
        return column.sql + sql + mark;
      }
    }
    return std::unexpected(bad("it does not know the operator " + op_token.text));
  }

  Result<std::string> member_sql(const std::string& value) {
    int64_t id = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), id).ec != std::errc()) return std::string("1 = 0");
    params_.emplace_back(id);
    return std::string("EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = g.id AND m.person_id = ?)");
  }

  std::string_view text_;
  FilterTarget target_;
  std::vector<store::Param>& params_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::string> filter_sql(std::string_view filter, FilterTarget target, std::vector<store::Param>& params) {
  if (filter.size() > 2000) return invalid("filter", "The filter is longer than 2,000 characters.");
  std::vector<store::Param> added;
  FilterParser parser(filter, target, added);
  WEFT_ASSIGN_OR_RETURN(auto sql, parser.parse());
  for (auto& p : added) params.push_back(std::move(p));
  return sql;
}

}  // namespace weft::identity
