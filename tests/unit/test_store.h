// A fresh SQLite store in a temporary directory, removed when the test ends.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "actions/people.h"
#include "core/crypto.h"
#include "events/event_log.h"
#include "search/subscriber.h"
#include "store/store.h"

namespace weft::testing {

class TempStore {
 public:
  TempStore() {
    crypto::init();
    dir_ = std::filesystem::temp_directory_path() / ("weft-test-" + crypto::random_hex(8));
    std::filesystem::create_directories(dir_);
    auto opened = store::open_sqlite((dir_ / "weft.db").string());
    if (!opened) throw std::runtime_error(opened.error().message);
    store_ = std::move(*opened);
  }
  ~TempStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  store::Store& operator*() { return *store_; }
  store::Store* operator->() { return store_.get(); }
  std::filesystem::path dir() const { return dir_; }
  // Closes the store, runs `between` on its directory, and opens it again.
  template <typename Between>
  void reopen(Between&& between) {
    store_.reset();
    between(dir_);
    auto opened = store::open_sqlite((dir_ / "weft.db").string());
    if (!opened) throw std::runtime_error(opened.error().message);
    store_ = std::move(*opened);
  }

  // A member named `name` (e-mail name@example.org), without a unit.
  Viewer add_member(const std::string& name) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .role = Role::kMember};
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "x");
    });
    if (!id) throw std::runtime_error(id.error().message);
    return Viewer{*id, Role::kMember, std::nullopt};
  }

  // What the server's search subscriber does after each write: index the log so far.
  void catch_up_search() {
    auto events = store::read(*store_, [](store::Connection& c) -> Result<std::vector<events::Event>> {
      return events::read_after(c, 0, 1000000);
    });
    if (!events) throw std::runtime_error(events.error().message);
    search::SearchSubscriber subscriber(*store_);
    if (auto handled = subscriber.handle_batch(*events); !handled) throw std::runtime_error(handled.error().message);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace weft::testing
