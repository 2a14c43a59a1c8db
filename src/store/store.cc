#include "store/store.h"

#include "store/migrations.h"

namespace weft::store {

Error Failure::error() const {
  if (code() == ErrorCode::kInternal) {
    return Error{ErrorCode::kInternal, "The store failed; the change was not made."};
  }
  if (code() == ErrorCode::kUnavailable) {
    return Error{ErrorCode::kUnavailable, "The store is busy or unreachable; try again shortly."};
  }
  return Error{code(), what()};
}

namespace {
thread_local bool t_derived = false;
}

DerivedWrites::DerivedWrites() noexcept : previous_(t_derived) { t_derived = true; }
DerivedWrites::~DerivedWrites() { t_derived = previous_; }
bool DerivedWrites::active() noexcept { return t_derived; }
DurableWrites::DurableWrites() noexcept : previous_(t_derived) { t_derived = false; }
DurableWrites::~DurableWrites() { t_derived = previous_; }

std::optional<Error> Store::write(const std::function<bool(Connection&)>& job, const std::source_location&) {
  return write_alone(job);
}

std::optional<Error> Store::write_alone(const std::function<bool(Connection&)>& job, bool aside) {
  Connection* opened = nullptr;
  try {
    opened = &this->connection();  // may connect, and fail to
    if (aside) {
      opened->begin_aside();
    } else {
      opened->begin_write();
    }
  } catch (const Failure& failure) {
    return failure.error();
  }
  Connection& connection = *opened;
  try {
    if (job(connection)) {
      connection.commit();
      if (connection.take_events_written()) notify_commit();
    } else {
      connection.rollback();
      connection.take_events_written();
    }
    return std::nullopt;
  } catch (const Failure& failure) {
    connection.rollback();
    connection.take_events_written();
    return failure.error();
  } catch (...) {
    connection.rollback();
    connection.take_events_written();
    throw;
  }
}

std::optional<int64_t> Connection::query_int(std::string_view sql, Params params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->int64(0);
}

std::optional<int64_t> Connection::query_int(std::string_view sql, const std::vector<Param>& params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->int64(0);
}

int64_t Connection::insert_returning_id(std::string_view sql, const std::vector<Param>& params) {
  std::string text(sql);
  text += " RETURNING id";
  auto rows = query(text, params);
  if (!rows->next()) throw Failure(ErrorCode::kInternal, "an insert answered no id");
  return rows->int64(0);
}

std::optional<std::string> Connection::query_text(std::string_view sql, Params params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->text(0);
}

void check_not_newer(Connection& c, const std::vector<Migration>& known) {
  const int64_t last_known = known.empty() ? 0 : known.back().number;
  const int64_t applied = c.query_int("SELECT MAX(version) FROM schema_migrations").value_or(0);
  if (applied > last_known) {
    throw Failure(ErrorCode::kUnavailable,
                  "the store is at schema version " + std::to_string(applied) + ", newer than this Weft knows (" +
                      std::to_string(last_known) + "): run the newer Weft, or restore a backup taken before the upgrade");
  }
}

}  // namespace weft::store
