#include "fuzz_support.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <boost/json/parse.hpp>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "actions/accounts.h"
#include "actions/people.h"
#include "api/app.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "events/bus.h"
#include "events/event_log.h"
#include "notifications/notifier.h"
#include "realtime/hub.h"
#include "store/store.h"

namespace weft::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "fuzz-password-not-in-any-dictionary";

// A WebSocket that drops what it is sent: lets the hub fan out to "connected" people.
class NullSink final : public realtime::Sink {
 public:
  void send(std::string) override {}
  void close() override {}
  void revoke() override {}
  void close_for_more() override {}
};

int64_t env_int(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::atoll(value) : fallback;
}

fs::path scratch_root() {
  if (const char* dir = std::getenv("WEFT_FUZZ_TMP"); dir && *dir) return dir;
  std::error_code ec;
  // tmpfs: SQLite's writes cost no disk I/O.
  if (fs::is_directory("/dev/shm", ec)) return "/dev/shm";
  return fs::temp_directory_path();
}

// Webhook test events go nowhere: the receiver answers 204 at once (no network while fuzzing).
class QuietClient final : public http::Client {
 public:
  http::ClientResponse post(const http::ClientRequest&) override { return {.status = 204}; }
};

// One generation of the fixture: a seeded store and the App over it. Everything that touches the
// store runs on the generation's own thread, so that the SQLite connection the store keeps per
// thread ends with the generation.
class Generation {
 public:
  Generation() {
    dir_ = make_scratch_dir("app");
    fs::create_directories(dir_ / "web" / "assets");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>weft</title>\n";
    std::ofstream(dir_ / "web" / "assets" / "app-0123abcd.js") << "console.log('weft');\n";
    thread_ = std::thread([this] { run(); });
    call([this] { setup(); });
  }

  ~Generation() {
    call([this] { teardown(); });
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs `work` on the generation's thread and waits for it.
  void call(std::function<void()> work) {
    bool done = false;
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back([&] {
        work();
        std::lock_guard done_lock(mutex_);
        done = true;
        changed_.notify_all();
      });
    }
    changed_.notify_all();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return done; });
  }

  // Generation thread only from here on.
  http::Response handle(http::Request& request) {
    http::Response response = app_->handle(request);
    settle();
    return response;
  }

  void upgrade(http::Request& request) {
    http::Upgrade answer = app_->upgrade(request);
    if (answer.refusal) {
      check_response(request, *answer.refusal);
      return;
    }
    auto sink = std::make_shared<NullSink>();
    if (answer.on_open) answer.on_open(sink);
    if (answer.on_close) answer.on_close(sink.get());
    settle();
  }

  std::vector<RouteInfo> body_routes() const {
    std::vector<RouteInfo> out;
    for (const auto& route : app_->router.routes()) {
      if (route.method == "POST" || route.method == "PUT" || route.method == "PATCH") {
        out.push_back({route.method, route.pattern});
      }
    }
    return out;
  }

  void authorize(http::Request& request, Auth auth) const {
    if (auth == Auth::kNone) return;
    std::erase_if(request.headers, [](const auto& header) {
      return header.first == "authorization" || header.first == "cookie" ||
             header.first == "x-csrf-token";
    });
    switch (auth) {
      case Auth::kAdminToken: request.headers.emplace_back("authorization", "Bearer " + admin_token_); break;
      case Auth::kMemberToken: request.headers.emplace_back("authorization", "Bearer " + member_token_); break;
      case Auth::kGuestToken: request.headers.emplace_back("authorization", "Bearer " + guest_token_); break;
      case Auth::kAdminCookie:
        request.headers.emplace_back("cookie", "weft_session=" + session_.session_token);
        request.headers.emplace_back("x-csrf-token", session_.csrf_token);
        break;
      case Auth::kNone: break;
    }
  }

  // After a write: gives back any credential the input took away (a revoked token, a signed-out
  // session). False when that cannot be done here (a role or password changed): start afresh.
  bool repair_credentials() {
    auto token_holds = [&](const std::string& token, int64_t person, Role role) {
      auto auth = actions::resolve_bearer(*store_, token);
      return auth && auth->viewer.person_id == person && auth->viewer.role == role;
    };
    struct Wanted {
      std::string* token;
      int64_t person;
      Role role;
    };
    for (Wanted wanted : {Wanted{&admin_token_, admin_id_, Role::kAdmin},
                          Wanted{&member_token_, member_id_, Role::kMember},
                          Wanted{&guest_token_, guest_id_, Role::kGuest}}) {
      if (token_holds(*wanted.token, wanted.person, wanted.role)) continue;
      auto created = actions::create_token(*store_, Viewer{wanted.person, wanted.role}, "fuzz",
                                           actions::kScopeRead | actions::kScopeWrite |
                                               (wanted.role == Role::kAdmin ? actions::kScopeAdmin : 0u));
      if (!created) return false;
      *wanted.token = created->token;
      if (!token_holds(*wanted.token, wanted.person, wanted.role)) return false;
    }
    auto session = actions::resolve_session(*store_, session_.session_token);
    if (!session || session->viewer.person_id != admin_id_ || session->viewer.role != Role::kAdmin) {
      auto signed_in = actions::sign_in(*store_, app_->throttle, "admin@fuzz.weft", kPassword, "192.0.2.1");
      if (!signed_in) return false;
      session_ = *signed_in;
    }
    return true;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  // Waits until the bus has handed every event written so far to the notifier and the hub.
  void settle() {
    auto last = store::read(*store_, [](store::Connection& c) -> Result<int64_t> {
      return events::last_id(c);
    });
    if (last && *last > 0 && !bus_->wait_delivered(*last, std::chrono::seconds(20))) {
      std::fprintf(stderr, "weft fuzz: the event bus did not deliver event %lld within 20 s\n",
                   static_cast<long long>(*last));
      std::abort();
    }
  }

  int64_t create(const std::string& handle, Role role) {
    actions::NewPerson person;
    person.name = handle == "admin" ? "Ada Admin" : handle == "member" ? "Max Member" : "Gus Guest";
    person.email = handle + "@fuzz.weft";
    person.handle = handle;
    person.password = kPassword;
    person.role = role;
    person.title = "Fuzzer of " + handle + "s";
    person.skills = {"c++", "sqlite"};
    auto id = actions::create_person(*store_, std::nullopt, person);
    if (!id) {
      std::fprintf(stderr, "weft fuzz: cannot create %s: %s\n", handle.c_str(), id.error().message.c_str());
      std::abort();
    }
    return *id;
  }

  std::string token_for(int64_t person, Role role, unsigned scopes) {
    auto token = actions::create_token(*store_, Viewer{person, role}, "fuzz", scopes);
    if (!token) {
      std::fprintf(stderr, "weft fuzz: cannot create a token: %s\n", token.error().message.c_str());
      std::abort();
    }
    return token->token;
  }

  // A seed request through the App, as `auth`; a failure is only reported (the API may change).
  void seed(Auth auth, const std::string& method, const std::string& path, const std::string& body = {}) {
    http::Request request;
    request.method = method;
    request.target = path;
    request.path = path;
    request.remote_address = "192.0.2.1";
    if (!body.empty()) {
      request.headers.emplace_back("content-type", "application/json");
      request.body = body;
    }
    authorize(request, auth);
    http::Response response = handle(request);
    if (response.status >= 300) {
      std::fprintf(stderr, "weft fuzz: seed %s %s answered %d %s\n", method.c_str(), path.c_str(),
                   response.status, response.body.substr(0, 300).c_str());
    }
  }

  void setup() {
    // synchronous=NORMAL: durability is not what is fuzzed here, and it is faster.
    auto opened = store::open_sqlite((dir_ / "weft.db").string(), false);
    if (!opened) {
      std::fprintf(stderr, "weft fuzz: cannot open the store: %s\n", opened.error().message.c_str());
      std::abort();
    }
    store_ = std::move(*opened);
    admin_id_ = create("admin", Role::kAdmin);
    member_id_ = create("member", Role::kMember);
    guest_id_ = create("guest", Role::kGuest);

    bus_ = std::make_unique<events::EventBus>(*store_, std::chrono::milliseconds(1000));
    store_->set_commit_listener([this] { bus_->wake(); });
    Config config;
    config.data_dir = dir_.string();
    config.web_dir = (dir_ / "web").string();
    app_ = std::make_unique<App>(config, *store_, *bus_);
    app_->webhook_client = &webhook_client_;
    app_->static_files = std::make_unique<http::StaticFiles>(config.web_dir);
    app_->router.set_fallback([this](const http::Request& r) { return app_->static_files->serve(r); });
    api::register_all_routes(*app_);
    hub_ = std::make_unique<realtime::Hub>(*store_);
    app_->hub = hub_.get();
    bus_->subscribe_transient(0, [this](const events::Event& event) {
      hub_->on_event(event);
      return Result<void>{};
    }, "realtime");
    notifier_ = std::make_unique<notifications::Notifier>(
        *store_, [this](const Notification& n, int64_t event_id) { hub_->on_notification(n, event_id); });
    bus_->subscribe("notifications", 0, [this](const events::Event& event) { return notifier_->handle(event); });
    bus_->start();

    constexpr unsigned kAll = actions::kScopeRead | actions::kScopeWrite | actions::kScopeAdmin;
    admin_token_ = token_for(admin_id_, Role::kAdmin, kAll);
    member_token_ = token_for(member_id_, Role::kMember, actions::kScopeRead | actions::kScopeWrite);
    guest_token_ = token_for(guest_id_, Role::kGuest, actions::kScopeRead | actions::kScopeWrite);
    auto signed_in = actions::sign_in(*store_, app_->throttle, "admin@fuzz.weft", kPassword, "192.0.2.1");
    if (!signed_in) {
      std::fprintf(stderr, "weft fuzz: cannot sign in: %s\n", signed_in.error().message.c_str());
      std::abort();
    }
    session_ = *signed_in;
    // Two people "online", so every new post and notification goes through the hub's checks.
    for (const std::string* token : {&admin_token_, &member_token_}) {
      auto auth = actions::resolve_bearer(*store_, *token);
      if (!auth) std::abort();
      auto sink = std::make_shared<NullSink>();
      hub_->attach(*auth, sink, std::nullopt);
      sinks_.push_back(sink);
    }

    // Content with ids 1, 2, …: what the corpus' paths point at.
    const std::string closes_at = clock::rfc3339(clock::now_seconds() + 30 * 86400);
    seed(Auth::kAdminToken, "POST", "/api/v1/units", R"({"name":"Engineering"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/units", R"({"name":"Platform","parent_id":"1"})");
    seed(Auth::kAdminToken, "PATCH", "/api/v1/people/2", R"({"unit_id":"1"})");
    seed(Auth::kMemberToken, "PUT", "/api/v1/people/1/follow");
    seed(Auth::kAdminToken, "PUT", "/api/v1/people/2/follow");
    seed(Auth::kMemberToken, "POST", "/api/v1/people/1/endorsements", R"({"skill":"sqlite"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/posts",
         R"({"body":"Welcome @member and @guest! Plans for #launch and #q3-planning"})");
    seed(Auth::kMemberToken, "POST", "/api/v1/posts/1/replies", R"({"body":"Thanks @admin #launch"})");
    seed(Auth::kMemberToken, "PUT", "/api/v1/posts/1/reactions/like");
    seed(Auth::kMemberToken, "POST", "/api/v1/posts", R"({"body":"Unit only #engineering","audience":"unit"})");
    seed(Auth::kMemberToken, "POST", "/api/v1/posts", R"({"reshare_of":"1","body":"Worth reading"})");
    seed(Auth::kAdminToken, "PUT", "/api/v1/topics/launch/follow");
    seed(Auth::kAdminToken, "POST", "/api/v1/spaces",
         R"({"name":"Roadmap","purpose":"What we build next","kind":"project","visibility":"public"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/spaces",
         R"({"name":"Board","purpose":"Secret plans","kind":"community","visibility":"secret"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/spaces",
         R"({"name":"Guild","purpose":"Ask to join","kind":"community","visibility":"private"})");
    seed(Auth::kAdminToken, "PUT", "/api/v1/spaces/1/members/2", R"({"role":"member"})");
    seed(Auth::kAdminToken, "PUT", "/api/v1/spaces/1/members/3", R"({"role":"guest"})");
    seed(Auth::kAdminToken, "PUT", "/api/v1/spaces/2/members/3", R"({"role":"guest"})");
    seed(Auth::kMemberToken, "POST", "/api/v1/posts", R"({"body":"In the roadmap space #roadmap","audience":"space","space_id":"1"})");
    seed(Auth::kMemberToken, "POST", "/api/v1/spaces/1/problems",
         R"({"title":"Slow builds","body":"CI takes an hour #ci"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/problems/1/solutions", R"({"body":"Use ccache"})");
    seed(Auth::kMemberToken, "PUT", "/api/v1/solutions/1/vote", R"({"value":1})");
    seed(Auth::kMemberToken, "POST", "/api/v1/spaces/1/ideas",
         R"({"title":"Cache everything","body":"ccache and sccache","from_problem_id":"1"})");
    seed(Auth::kAdminToken, "PUT", "/api/v1/ideas/1/vote", R"({"value":1})");
    seed(Auth::kAdminToken, "POST", "/api/v1/ideas/1/comments", R"({"body":"Agreed @member"})");
    seed(Auth::kAdminToken, "POST", "/api/v1/spaces/1/proposals",
         R"({"title":"Adopt ccache","body":"Everywhere","closes_at":")" + closes_at +
             R"(","from_idea_id":"1"})");
    seed(Auth::kMemberToken, "PUT", "/api/v1/proposals/1/stance", R"({"stance":"agree","reason":"Faster"})");
    seed(Auth::kMemberToken, "POST", "/api/v1/spaces/3/join");
  }

  void teardown() {
    if (bus_) bus_->stop();
    if (hub_) hub_->close_all();
    sinks_.clear();
    notifier_.reset();
    app_.reset();
    hub_.reset();
    bus_.reset();
    store_.reset();
  }

  fs::path dir_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<events::EventBus> bus_;
  QuietClient webhook_client_;
  std::unique_ptr<App> app_;
  std::unique_ptr<realtime::Hub> hub_;
  std::unique_ptr<notifications::Notifier> notifier_;
  std::vector<std::shared_ptr<NullSink>> sinks_;
  int64_t admin_id_ = 0, member_id_ = 0, guest_id_ = 0;
  std::string admin_token_, member_token_, guest_token_;
  actions::SignedIn session_;
};

// The process-wide fixture: the current generation, replaced when it cannot go on.
class Fixture {
 public:
  Fixture() : reset_every_(env_int("WEFT_FUZZ_RESET_EVERY", 20000)) {
    crypto::init();
    // Per-request access lines would drown the fuzzer's output; errors still show.
    spdlog::set_level(spdlog::level::from_str(std::getenv("WEFT_FUZZ_LOG_LEVEL") ? std::getenv("WEFT_FUZZ_LOG_LEVEL") : "err"));
    generation_ = std::make_unique<Generation>();
    body_routes_ = generation_->body_routes();
    std::atexit([] { instance().generation_.reset(); });
  }

  static Fixture& instance() {
    // Never destroyed: lives until exit, when the atexit hook above ends the generation.
    static Fixture* fixture = new Fixture();
    return *fixture;
  }

  http::Response handle(http::Request& request, Auth auth) {
    renew_if_due();
    http::Response response;
    generation_->call([&] {
      generation_->authorize(request, auth);
      response = generation_->handle(request);
      if (request.method != "GET" && request.method != "HEAD") broken_ = !generation_->repair_credentials();
    });
    return response;
  }

  void upgrade(http::Request& request, Auth auth) {
    renew_if_due();
    generation_->call([&] {
      generation_->authorize(request, auth);
      generation_->upgrade(request);
    });
  }

  const std::vector<RouteInfo>& body_routes() const { return body_routes_; }

 private:
  void renew_if_due() {
    if (broken_ || (reset_every_ > 0 && ++requests_ % reset_every_ == 0)) {
      generation_.reset();
      generation_ = std::make_unique<Generation>();
      broken_ = false;
    }
  }

  int64_t reset_every_;
  std::vector<RouteInfo> body_routes_;
  int64_t requests_ = 0;
  bool broken_ = false;
  std::unique_ptr<Generation> generation_;
};

bool header_safe(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

void init() { Fixture::instance(); }

std::filesystem::path make_scratch_dir(std::string_view kind) {
  crypto::init();
  const fs::path root = scratch_root();
  // A crashed run (libFuzzer ends with _Exit) leaves its directory: remove those of dead processes.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("weft-fuzz-")) continue;
    auto first = name.find('-', 10);
    long pid = first == std::string::npos ? 0 : std::atol(name.c_str() + first + 1);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
  fs::path dir = root / ("weft-fuzz-" + std::string(kind) + "-" + std::to_string(::getpid()) + "-" +
                         crypto::random_hex(4));
  fs::create_directories(dir);
  return dir;
}

const std::vector<RouteInfo>& body_routes() { return Fixture::instance().body_routes(); }

http::Response handle(http::Request& request, Auth auth) {
  http::Response response = Fixture::instance().handle(request, auth);
  check_response(request, response);
  return response;
}

void upgrade(http::Request& request, Auth auth) { Fixture::instance().upgrade(request, auth); }

void report(const std::string& what, const http::Request& request) {
  std::fprintf(stderr, "\n==weft-fuzz== %s\n  request: %s %s (path %s)\n", what.c_str(),
               request.method.c_str(), request.target.substr(0, 500).c_str(),
               request.path.substr(0, 200).c_str());
  for (const auto& [name, value] : request.headers) {
    std::fprintf(stderr, "  %s: %s\n", name.c_str(), value.substr(0, 200).c_str());
  }
  std::fprintf(stderr, "  body (%zu bytes): %s\n", request.body.size(), request.body.substr(0, 500).c_str());
  std::fflush(stderr);
  std::abort();
}

void check_response(const http::Request& request, const http::Response& response) {
  auto fail = [&](const std::string& what) {
    report(what + "\n  response: " + std::to_string(response.status) + " " +
               response.content_type + " " + response.body.substr(0, 500),
           request);
  };
  if (boost::beast::http::int_to_status(static_cast<unsigned>(response.status)) ==
      boost::beast::http::status::unknown) {
    fail("a status Beast does not know");
  }
  if (response.status >= 500) fail("a 5xx answer");
  if ((response.status == 204 || response.status == 304) && !response.body.empty()) {
    fail("a body on a " + std::to_string(response.status));
  }
  if (!header_safe(response.content_type)) fail("a line break in Content-Type");
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), token_char)) fail("a bad header name: " + name);
    if (!header_safe(value)) fail("a line break or NUL in the value of header " + name);
  }
  if (response.content_type.starts_with("application/json") && !response.body.empty()) {
    boost::system::error_code ec;
    // To look past a known, not yet fixed finding while hunting (never set by the scripts):
    // WEFT_FUZZ_TOLERATE_INVALID_UTF8=1 lets JSON answers carry invalid UTF-8.
    static const bool tolerate_invalid_utf8 = std::getenv("WEFT_FUZZ_TOLERATE_INVALID_UTF8") != nullptr;
    boost::json::parse_options options;
    options.allow_invalid_utf8 = tolerate_invalid_utf8;
    boost::json::value body = boost::json::parse(response.body, ec, {}, options);
    if (ec) fail("a JSON answer that does not parse: " + ec.message());
    if (response.status >= 400) {
      const auto* error = body.is_object() ? body.as_object().if_contains("error") : nullptr;
      const auto* code = error && error->is_object() ? error->as_object().if_contains("code") : nullptr;
      if (!code || !code->is_string()) fail("an error answer without error.code");
    }
  }
}

}  // namespace weft::fuzz
