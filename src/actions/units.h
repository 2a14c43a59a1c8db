// Actions on units (departments, divisions): admins create and rename them and move them in the tree.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

Result<int64_t> create_unit(store::Store& store, const Viewer& viewer, const std::string& name,
                            std::optional<int64_t> parent_id);
// Inside a caller's transaction, no policy check (demo, import).
int64_t insert_unit(store::Connection& c, std::optional<int64_t> actor_id, const std::string& name,
                    std::optional<int64_t> parent_id);

struct UnitChange {
  std::optional<std::string> name;
  bool set_parent = false;
  std::optional<int64_t> parent_id;
};
Result<void> update_unit(store::Store& store, const Viewer& viewer, int64_t unit_id,
                         const UnitChange& change);

}  // namespace weft::actions
