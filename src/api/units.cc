// Units: the organization's tree of departments and divisions.
#include "actions/units.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/people.h"

namespace weft::api {
namespace {

Result<http::Response> unit_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto unit, queries::unit(context.app.store, context.viewer(), id));
  return json_response(status, unit_json(unit));
}

Result<http::Response> create_unit(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto name, json::required_string(body, "name", {limits::kName.min, limits::kName.max}));
  WEFT_ASSIGN_OR_RETURN(auto parent, json::optional_id(body, "parent_id"));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_unit(context.app.store, context.viewer(), name, parent.value));
  return unit_response(context, id, 201);
}

Result<http::Response> list_units(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto units, queries::units(context.app.store, context.viewer()));
  boost::json::array items;
  for (const auto& unit : units) items.push_back(unit_json(unit));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> get_unit(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return unit_response(context, id, 200);
}

Result<http::Response> update_unit(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::UnitChange change;
  WEFT_ASSIGN_OR_RETURN(change.name, json::optional_string(body, "name", {limits::kName.min, limits::kName.max}));
  WEFT_ASSIGN_OR_RETURN(auto parent, json::optional_id(body, "parent_id"));
  change.set_parent = parent.present;
  change.parent_id = parent.value;
  WEFT_TRY_VOID(actions::update_unit(context.app.store, context.viewer(), id, change));
  return unit_response(context, id, 200);
}

}  // namespace

void register_unit_routes(App& app) {
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/units", Access::kAdmin,
        {.summary = "Create a unit (admin)", .tag = "units", .request_schema = "NewUnit",
         .response_schema = "Unit", .status = 201},
        create_unit);
  r.add("GET", "/api/v1/units", Access::kSignedIn,
        {.summary = "Every unit; a tree by parent_id", .tag = "units", .response_schema = "UnitList"},
        list_units);
  r.add("GET", "/api/v1/units/{id}", Access::kSignedIn,
        {.summary = "A unit", .tag = "units", .response_schema = "Unit"}, get_unit);
  r.add("PATCH", "/api/v1/units/{id}", Access::kAdmin,
        {.summary = "Rename or move a unit (admin)", .tag = "units", .request_schema = "UnitChange",
         .response_schema = "Unit"},
        update_unit);
}

}  // namespace weft::api
