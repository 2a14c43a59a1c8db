// Units: the organization's tree of departments and divisions.
#include "actions/units.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/people.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

Result<http::Response> unit_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto unit, queries::unit(context.app.store, context.viewer(), id));
  return json_response(status, unit_json(unit));
}

struct NewUnitIn {
  std::string name;
  std::optional<int64_t> parent_id;
};
const auto kNewUnit = [](auto& r, NewUnitIn& in) {
  r.text("name", in.name, {.length = limits::kName});
  r.id_or_null("parent_id", in.parent_id, {.description = "the unit it belongs to; null: a top unit"});
};

struct UnitChangeIn {
  std::optional<std::string> name;
  json::OptionalId parent_id;
};
const auto kUnitChange = [](auto& r, UnitChangeIn& in) {
  r.text_or_null("name", in.name, {.length = limits::kName});
  r.id_or_null("parent_id", in.parent_id, {.description = "null: make it a top unit; absent: keep its place"});
};

Result<http::Response> create_unit(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewUnitIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewUnit));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_unit(context.app.store, context.viewer(), in.name, in.parent_id));
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
  UnitChangeIn in;
  WEFT_TRY_VOID(wire::read(body, in, kUnitChange));
  const actions::UnitChange change{.name = std::move(in.name), .set_parent = in.parent_id.present,
                                   .parent_id = in.parent_id.value};
  WEFT_TRY_VOID(actions::update_unit(context.app.store, context.viewer(), id, change));
  return unit_response(context, id, 200);
}

}  // namespace

void register_unit_routes(App& app) {
  app.shapes->define_input<NewUnitIn>("NewUnit", kNewUnit);
  app.shapes->define_input<UnitChangeIn>("UnitChange", kUnitChange);
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
