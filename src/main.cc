// The `weft` command: serve, demo, admin, backup.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <chrono>
#include <cstdio>
#ifdef WEFT_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif
#include <map>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "actions/deadlines.h"
#include "analytics/engagement.h"
#include "analytics/network.h"
#include "analytics/outcomes.h"
#include "core/clock.h"
#include "wire/wire.h"
#include "http/address_guard.h"
#include "http/client.h"
#include "integrations/webhooks.h"
#include "actions/people.h"
#include "api/app.h"
#include "api/serialize.h"
#include "audit/audit.h"
#include "core/config.h"
#include "mail/mail.h"
#include "core/crypto.h"
#include "core/json.h"
#include "demo/demo.h"
#include "events/subscriber.h"
#include "expertise/evaluation.h"
#include "expertise/index.h"
#include "expertise/service.h"
#include "expertise/topic_posters.h"
#include "http/server.h"
#include "notifications/notifier.h"
#include "realtime/hub.h"
#include "actions/oidc.h"
#include "identity/oidc_client.h"
#include "pages/links.h"
#include "search/subscriber.h"
#include "timelines/timelines.h"
#include "transfer/transfer.h"
#include "queries/notifications.h"
#include "queries/people.h"

namespace {

using namespace weft;

constexpr const char* kUsage = R"(weft — a collaborative network server for organizations

Usage:
  weft serve [options]                 serve the API and web UI
  weft demo [--people N] [--seed S] [--posts-per-person P]
                                       fill an empty store with a demo organization
  weft admin create-person --email E --name N --password P [--role admin|member|guest] [--unit ID]
  weft admin oidc show | off | set --issuer URL --client-id ID [--client-secret S] [--scopes S]
                  [--name LABEL] [--claim-email C] [--claim-name C] [--claim-title C] [--claim-unit C]
                  [--claim-groups C] [--passwords on|off] [--break-glass EMAIL]
                                       single sign-on (the issuer's discovery document must answer)
  weft backup PATH                     copy the store to PATH while the server runs
  weft export [--space ID] > org.jsonl export the organization (or one space) as JSON lines
  weft import < org.jsonl              import an export into an empty store
  weft rebuild NAME                    rebuild a view derived from the activity log (server stopped)
  weft mail digest daily|weekly [--dry-run]   write the digests due now into the outbox
  weft analytics [--from T] [--to T] [--unit ID] [--format text|json]
                                       outcomes of a period (default: the last 30 days)
  weft eval-expertise FILE.jsonl [--test-fraction 0.2] [--ranker weft|bm25|popularity]
                                       measure the expertise ranker on a question-and-answer history
  weft migrate-store --from sqlite:PATH --to postgres://…
                                       move an organization from SQLite into an empty PostgreSQL
  weft --help | weft <command> --help

Options (each also read from the environment; flags win):
  --listen HOST:PORT      WEFT_LISTEN        default 127.0.0.1:8080 (port 0 picks a free one)
  --data-dir DIR          WEFT_DATA_DIR      default ./data
  --database-url URL      WEFT_DATABASE_URL  PostgreSQL (postgres://… or host=… dbname=…) instead of SQLite
  --web-dir DIR           WEFT_WEB_DIR       built web UI, default web/dist beside the binary
  --threads N             WEFT_THREADS       io threads, default the number of cores
  --log-level LEVEL       WEFT_LOG_LEVEL     trace|debug|info|warn|error, default info
  --admin-email E         WEFT_ADMIN_EMAIL   first admin of an empty store
  --admin-password P      WEFT_ADMIN_PASSWORD
  --webhook-allow-private WEFT_WEBHOOK_ALLOW_PRIVATE=true   webhooks may target loopback and
                                                            private addresses (tests, development)
  --webhook-retry-scale X WEFT_WEBHOOK_RETRY_SCALE  multiplies every webhook retry delay, default 1
  Every other setting of docs/OPERATIONS.md has its flag twin too:
)";

int usage_error(const std::string& message) {
  std::cerr << "weft: " << message << "\n\n" << kUsage;
  return 2;
}

Result<std::unique_ptr<store::Store>> open_store(const Config& config) {
  if (!config.database_url.empty()) return store::open_postgres(config.database_url);
  return store::open_sqlite((std::filesystem::path(config.data_dir) / "weft.db").string(),
                            config.durability_full);
}

// For commands that read or copy an organization (backup, export, rebuild, analytics, mail): a
// data directory without a store is a mistake to report, not an empty organization to create
// (a nightly `weft backup` pointed at the wrong place copied an empty store and said so, exit 0).
Result<std::unique_ptr<store::Store>> open_existing_store(const Config& config) {
  if (config.database_url.empty()) {
    const auto file = std::filesystem::path(config.data_dir) / "weft.db";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      return fail(ErrorCode::kNotFound, "There is no Weft store at " + file.string() +
                                            " (set --data-dir or WEFT_DATA_DIR, or WEFT_DATABASE_URL); nothing was created.");
    }
  }
  return open_store(config);
}

std::string find_web_dir(const Config& config) {
  if (!config.web_dir.empty()) return config.web_dir;
  namespace fs = std::filesystem;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path().parent_path() / "web" / "dist";
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  return "web/dist";
}

int64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// The allocator's own figures, for /metrics: what the server holds (allocated) and what the
// allocator keeps resident for it (with freed pages not yet returned), so that a growing RSS can be
// told apart from pages the store maps in. Empty without jemalloc.
std::string heap_metrics() {
#ifdef WEFT_JEMALLOC
  uint64_t epoch = 1;
  std::size_t size = sizeof(epoch);
  mallctl("epoch", &epoch, &size, &epoch, size);  // refreshes the statistics read below
  std::size_t allocated = 0, resident = 0;
  size = sizeof(allocated);
  if (mallctl("stats.allocated", &allocated, &size, nullptr, 0) != 0) return {};
  size = sizeof(resident);
  if (mallctl("stats.resident", &resident, &size, nullptr, 0) != 0) return {};
  return fmt::format(
      "# HELP weft_heap_allocated_bytes Memory the server holds on its heap.\n"
      "# TYPE weft_heap_allocated_bytes gauge\nweft_heap_allocated_bytes {}\n"
      "# HELP weft_heap_resident_bytes Memory the allocator keeps resident for the heap.\n"
      "# TYPE weft_heap_resident_bytes gauge\nweft_heap_resident_bytes {}\n",
      allocated, resident);
#else
  return {};
#endif
}

// On an empty store: the first admin, from the configuration or with a printed one-time password.
Result<void> ensure_first_admin(store::Store& store, const Config& config) {
  auto count = store::read(store, [](store::Connection& c) -> Result<int64_t> {
    return c.query_int("SELECT COUNT(*) FROM people").value_or(0);
  });
  if (!count) return std::unexpected(count.error());
  if (*count > 0) return {};
  actions::NewPerson admin;
  admin.name = "Administrator";
  admin.role = Role::kAdmin;
  admin.email = config.admin_email.empty() ? "admin@weft.local" : config.admin_email;
  bool printed = config.admin_password.empty();
  admin.password = printed ? crypto::random_hex(9) : config.admin_password;
  auto id = actions::create_person(store, std::nullopt, admin);
  if (!id && id.error().code == ErrorCode::kConflict) return {};  // another node, starting too, made it
  if (!id) return std::unexpected(id.error());
  if (printed) {
    std::printf("weft: created the first admin %s with one-time password %s\n", admin.email.c_str(),
                admin.password.c_str());
  } else {
    std::printf("weft: created the first admin %s\n", admin.email.c_str());
  }
  std::fflush(stdout);
  return {};
}

int serve(const Config& config) {
  auto store = open_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  if (auto admin = ensure_first_admin(**store, config); !admin) {
    spdlog::error("first admin: {}", admin.error().message);
    return 1;
  }
  // Durable views: one round at most every WEFT_VIEW_ROUND_MS, so that under a stream of writes
  // each view commits once for many of them (docs/DECISIONS.md 72).
  events::EventBus bus(**store, std::chrono::milliseconds(1000), std::chrono::milliseconds(config.view_round_ms));
  events::EventBus live_bus(**store);  // realtime pushes and the deadline timer
  (*store)->set_commit_listener([&bus, &live_bus] {
    bus.wake();
    live_bus.wake();
  });
  App app(config, **store, bus);
  app.static_files = std::make_unique<http::StaticFiles>(find_web_dir(config));
  app.router.set_fallback([&app](const http::Request& request) { return app.static_files->serve(request); });
  api::register_all_routes(app);
  app.metrics.add_collector([] { return store::timings_text(); });
  app.metrics.add_collector([&app, &live_bus] {
    auto last = store::read(app.store, [](store::Connection& c) -> Result<int64_t> {
      return events::last_id(c);
    });
    int64_t last_id = last.value_or(0);
    std::string subscribers =
        "# TYPE weft_subscriber_checkpoint gauge\n# TYPE weft_subscriber_failures_total counter\n"
        "# TYPE weft_subscriber_retrying gauge\n# TYPE weft_subscriber_lag gauge\n"
        "# TYPE weft_subscriber_leased gauge\n# TYPE weft_subscriber_busy_seconds_total counter\n"
        "# TYPE weft_subscriber_slowest_seconds gauge\n";
    auto stats = app.subscriber_stats ? app.subscriber_stats() : std::vector<events::EventBus::SubscriberStats>{};
    for (const auto& s : stats) {
      subscribers += fmt::format(
          "weft_subscriber_checkpoint{{subscriber=\"{0}\"}} {1}\n"
          "weft_subscriber_failures_total{{subscriber=\"{0}\"}} {2}\n"
          "weft_subscriber_retrying{{subscriber=\"{0}\"}} {3}\n"
          "weft_subscriber_lag{{subscriber=\"{0}\"}} {4}\n"
          "weft_subscriber_leased{{subscriber=\"{0}\"}} {5}\n"
          "weft_subscriber_busy_seconds_total{{subscriber=\"{0}\"}} {6:.6f}\n"
          "weft_subscriber_slowest_seconds{{subscriber=\"{0}\"}} {7:.6f}\n",
          s.name, s.checkpoint, s.failures, s.retrying ? 1 : 0,
          s.leased ? std::max<int64_t>(0, last_id - s.checkpoint) : 0,  // else another node's to report
          s.leased ? 1 : 0, s.busy_seconds, s.slowest_seconds);
    }
    return subscribers + fmt::format(
        "# TYPE weft_events_last_id gauge\nweft_events_last_id {}\n"
        "# TYPE weft_events_delivered_id gauge\nweft_events_delivered_id {}\n"
        "# TYPE weft_events_lag gauge\nweft_events_lag {}\n"
        "# TYPE weft_process_resident_memory_bytes gauge\nweft_process_resident_memory_bytes {}\n"
        "# TYPE weft_timeline_builds_total counter\nweft_timeline_builds_total {}\n"
        "# TYPE weft_timeline_sign_in_builds_total counter\nweft_timeline_sign_in_builds_total {}\n",
        last_id, std::min(app.bus.delivered_up_to(), live_bus.delivered_up_to()),
        std::max<int64_t>(0, last_id - std::min(app.bus.delivered_up_to(), live_bus.delivered_up_to())),
        rss_bytes(), timelines::builds_on_read(), timelines::builds_on_sign_in()) + heap_metrics();
  });
  // Every derived view is a subscriber of the activity log: durable ones (notifications) resume
  // from their checkpoint (on a new store: from the first event); live ones (realtime pushes, the
  // deadline timer) follow the log from now on.
  realtime::Hub hub(app.store);
  app.hub = &hub;
  hub.start_rechecks(std::chrono::seconds(config.stream_recheck_seconds));

  // A new notification is pushed by the node its person's stream is connected to, which need not
  // be the node that works the notifier: it is broadcast to every node (one process on SQLite).
  notifications::Notifier notifier(app.store, [&app](const Notification& n, int64_t event_id) {
    app.store.broadcast("notification", fmt::format("{}:{}:{}", n.id, event_id, n.person_id));
  });
  app.store.set_broadcast_listener([&app, &hub](std::string_view channel, std::string_view payload) {
    if (channel != "notification") return;
    long long id = 0, event_id = 0, person_id = 0;
    if (std::sscanf(std::string(payload).c_str(), "%lld:%lld:%lld", &id, &event_id, &person_id) != 3) return;
    if (hub.connections_of(person_id) == 0) return;  // nobody here to push it to
    auto found = store::read(app.store, [&](store::Connection& c) -> Result<std::optional<Notification>> {
      return queries::notification_by_id(c, id);
    });
    if (found && *found) hub.on_notification(**found, event_id);
  });
  actions::DeadlineCloser deadlines(app.store);
  // Both buses' subscribers; the deadline timer is "worked here" while this node holds its lease.
  app.subscriber_stats = [&app, &live_bus, &deadlines] {
    auto stats = app.bus.stats();
    for (auto& s : live_bus.stats()) stats.push_back(std::move(s));
    for (auto& s : stats) {
      if (s.name == "deadlines") s.leased = deadlines.works_here();
    }
    return stats;
  };
  timelines::TimelineSubscriber timelines(app.store);
  search::SearchSubscriber search(app.store);
  pages::LinkSubscriber page_links(app.store);
  audit::Subscriber audit_log(app.store);
  // Outbound webhooks: the subscriber queues deliveries, the dispatcher sends them.
  app.webhook_allow_private = config.webhook_allow_private;
  app.own_addresses = http::own_addresses();
  if (!config.listen_host.empty()) app.own_addresses.push_back(config.listen_host);
  auto webhook_client = http::make_client({.allow_private = config.webhook_allow_private,
                                           .own_addresses = app.own_addresses});
  app.webhook_client = webhook_client.get();
  integrations::WebhookDispatcher dispatcher(app.store, *webhook_client,
                                             {.allow_private = config.webhook_allow_private,
                                              .own_addresses = app.own_addresses,
                                              .retry_scale = config.webhook_retry_scale});
  app.wake_webhooks = [&dispatcher] { dispatcher.wake(); };
  // The identity provider is the admin's choice, often inside the organization's network: its
  // addresses are not refused as a webhook's would be.
  auto oidc_http = http::make_client({.allow_private = true, .timeout = std::chrono::milliseconds(10000),
                                      .max_body = 1 << 20});
  identity::OidcClient oidc(*oidc_http);
  app.oidc = &oidc;
  integrations::WebhookSubscriber webhooks(app.store, [&dispatcher] { dispatcher.wake(); });
  // E-mail: realtime messages are queued by the notifier, digests by the clock; the sender sends.
  auto mail_settings = mail::settings_from_environment(
      config.public_url.empty() ? fmt::format("http://{}:{}", config.listen_host, config.listen_port) : config.public_url);
  if (!mail_settings) {
    spdlog::error("{}", mail_settings.error().message);
    return 2;
  }
  app.mail = &*mail_settings;
  mail::Sender mail_sender(app.store, *mail_settings);
  app.wake_mail = [&mail_sender] { mail_sender.wake(); };
  notifier.set_mailer([&mail_settings, &mail_sender](store::Connection& c, const Notification& n) {
    mail::on_notification(c, *mail_settings, n);
    mail_sender.wake();
  });
  mail::DigestClock digest_clock(app.store, *mail_settings, [&mail_sender] { mail_sender.wake(); });
  // Expertise: the index is built in the background; until then suggestions are empty.
  expertise::Service expertise(app.store);
  app.expertise = &expertise;
  expertise::Subscriber expertise_updates(expertise);
  expertise::Suggester suggester(app.store, expertise, config.expert_daily_cap);
  expertise::TopicPosters topic_posters(app.store);
  events::Registry registry(app.store);
  // WEFT_FAULT_SUBSCRIBER=name:count (tests only): that subscriber's first batches fail.
  std::vector<std::unique_ptr<events::FailingFirst>> faults;
  auto add = [&](events::Subscriber& subscriber) {
    const char* fault = std::getenv("WEFT_FAULT_SUBSCRIBER");
    std::string spec = fault ? fault : "";
    if (auto colon = spec.find(':'); colon != std::string::npos && spec.substr(0, colon) == subscriber.name()) {
      faults.push_back(std::make_unique<events::FailingFirst>(subscriber, std::atoi(spec.c_str() + colon + 1)));
      spdlog::warn("fault injection: the first {} batches of {} will fail", spec.substr(colon + 1),
                   subscriber.name());
      registry.add(*faults.back());
    } else {
      registry.add(subscriber);
    }
  };
  add(hub);
  add(notifier);
  add(deadlines);
  add(timelines);
  add(search);
  add(page_links);
  add(audit_log);
  add(topic_posters);
  add(webhooks);
  add(expertise_updates);
  add(suggester);
  // A view whose store lost its checkpoint (SQLite's search file, new after the upgrade that
  // moved it or missing after a restore) is rebuilt from the tables before serving, with progress.
  {
    auto logged = std::chrono::steady_clock::now();
    auto rebuilt = registry.rebuild_missing([&](const std::string& name, int64_t done, int64_t total) {
      if (std::chrono::steady_clock::now() - logged < std::chrono::seconds(5) && done < total) return;
      logged = std::chrono::steady_clock::now();
      spdlog::info("rebuilding {}: {} of {} items", name, done, total);
    });
    if (!rebuilt) {
      spdlog::error("rebuilding a view: {}", rebuilt.error().message);
      return 1;
    }
    for (const auto& name : *rebuilt) spdlog::info("{} rebuilt from the tables", name);
  }
  auto last = store::read(app.store, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
  expertise.build_in_background();
  registry.attach(bus, live_bus, last.value_or(0));
  (*store)->watch();  // other nodes' commits and broadcasts (PostgreSQL)
  bus.start();
  live_bus.start();
  deadlines.start();
  dispatcher.start();
  mail_sender.start();
  digest_clock.start();

  // No limit of its own by default: on two shared cores it did not shorten the feed's tail reliably
  // (docs/DECISIONS.md 83).
  const int read_workers = config.read_workers > 0 ? config.read_workers : config.workers;
  http::Server server({.threads = config.threads, .workers = config.workers,
                       .read_workers = read_workers,
                       .write_round = std::chrono::milliseconds(config.write_round_ms),
                       .max_connections = config.max_connections},
                      [&app](http::Request& request) { return app.handle(request); },
                      [&app](http::Request& request) { return app.upgrade(request); });
  auto port = server.listen(config.listen_host, config.listen_port);
  if (!port) {
    spdlog::error("{}", port.error().message);
    return 1;
  }
  if (config.public_url.empty() && std::getenv("WEFT_PUBLIC_URL") == nullptr) {
    mail_settings->set_base_url(fmt::format("http://{}:{}", config.listen_host, *port));
  }
  std::printf("weft: listening on http://%s:%u\n", config.listen_host.c_str(), *port);
  std::fflush(stdout);
#ifdef WEFT_JEMALLOC
  {
    const char* version = nullptr;
    std::size_t size = sizeof(version);
    if (mallctl("version", &version, &size, nullptr, 0) == 0) spdlog::info("memory: jemalloc {}", version);
  }
#endif
  if (config.database_url.empty()) {
    spdlog::info("serving {} with {} io threads and {} workers ({} reads at once), data in {}", config.listen_host, config.threads,
                 config.workers, std::min(read_workers, config.workers), config.data_dir);
    spdlog::info("durability: {}", config.durability_full
                                       ? "full (synchronous=FULL: acknowledged writes survive power loss)"
                                       : "normal (synchronous=NORMAL: a power loss may lose the latest writes)");
  } else {
    spdlog::info("serving {} with {} io threads and {} workers ({} reads at once), from PostgreSQL ({} node(s) on it now)",
                 config.listen_host, config.threads, config.workers, std::min(read_workers, config.workers), (*store)->count_nodes());
  }
  server.run();
  dispatcher.stop();
  app.wake_webhooks = nullptr;
  deadlines.stop();
  live_bus.stop();
  bus.stop();
  return 0;
}

// A progress bar on a terminal; otherwise a line at each quarter and at least every 10 s (a
// rebuild at 100,000 people runs for many minutes).
void show_progress(int64_t done, int64_t total, const std::string& what) {
  static std::string last_what;
  static int last_percent = -1;
  static auto last_line = std::chrono::steady_clock::now();
  const auto now = std::chrono::steady_clock::now();
  int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
  if (isatty(STDERR_FILENO)) {
    int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%-24s [%-30s] %3d%% %lld/%lld", what.c_str(),
                 std::string(filled, '#').c_str(), percent, static_cast<long long>(done),
                 static_cast<long long>(total));
    if (done >= total) std::fprintf(stderr, "\n");
  } else if (what != last_what || percent / 25 != last_percent / 25 || done >= total ||
             now - last_line >= std::chrono::seconds(10)) {
    std::fprintf(stderr, "%s: %d%% (%lld/%lld)\n", what.c_str(), percent,
                 static_cast<long long>(done), static_cast<long long>(total));
    last_line = now;
  }
  last_what = what;
  last_percent = percent;
}

// weft rebuild NAME: empties one derived view and replays the whole activity log into it.
// `weft eval-expertise`: the ranker's accuracy on a history (expertise/evaluation.h). The last line
// is the figures as one JSON object, for scripts.
int run_eval_expertise(const std::vector<std::string>& args) {
  constexpr const char* kHelp =
      "weft eval-expertise FILE.jsonl [--test-fraction 0.2] [--ranker weft|bm25|popularity]\n"
      "                    [--set NAME=VALUE]... [--validation | --fold N]\n"
      "Replays a question-and-answer history (lines of {\"type\":\"person\"|\"question\"|\"answer\",...}) in\n"
      "time order and ranks, for each of the last questions with an accepted answer, everyone who\n"
      "answered before it, with only the evidence dated before it. Prints MRR, P@1, P@5, nDCG@10,\n"
      "the number of test questions and the mean number of candidates; the last line is JSON.\n"
      "--set changes one of the ranker's weights; --validation (--fold 1) scores the fold before the test\n"
      "set, --fold N the Nth fold before it, to tune without looking at the test set.\n";
  std::string file;
  expertise::EvaluationOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      return 0;
    } else if (arg == "--test-fraction") {
      auto v = value();
      char* end = nullptr;
      if (!v || (options.test_fraction = std::strtod(v->c_str(), &end), end == v->c_str() || *end != 0)) {
        return usage_error("--test-fraction needs a number between 0 and 1");
      }
    } else if (arg == "--ranker") {
      auto v = value();
      if (!v) return usage_error("--ranker needs a name");
      options.ranker = *v;
    } else if (arg == "--set") {
      auto v = value();
      if (!v) return usage_error("--set needs NAME=VALUE");
      options.settings.push_back(*v);
    } else if (arg == "--validation") {
      options.fold = 1;
    } else if (arg == "--fold") {
      auto v = value();
      if (!v || v->size() != 1 || !std::isdigit(static_cast<unsigned char>((*v)[0]))) {
        return usage_error("--fold needs a number from 0 to 9");
      }
      options.fold = (*v)[0] - '0';
    } else if (!arg.starts_with("--") && file.empty()) {
      file = arg;
    } else {
      return usage_error("eval-expertise: unexpected argument " + arg);
    }
  }
  if (file.empty()) {
    std::cerr << kHelp;
    return 2;
  }
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "weft eval-expertise: cannot read %s\n", file.c_str());
    return 1;
  }
  auto history = expertise::read_history(in);
  if (!history) {
    std::fprintf(stderr, "weft eval-expertise: %s: %s\n", file.c_str(), history.error().message.c_str());
    return 2;
  }
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto result = expertise::evaluate(*history, options, [&](int64_t done, int64_t total) {
    if (tty) show_progress(done, total, "eval-expertise");
  });
  if (!result) {
    std::fprintf(stderr, "weft eval-expertise: %s\n", result.error().message.c_str());
    return 2;
  }
  std::printf("ranker      %s\n", result->ranker.c_str());
  std::printf("questions   %lld (accepted answerer new to the history in %lld, scored 0)\n",
              static_cast<long long>(result->questions), static_cast<long long>(result->not_candidates));
  std::printf("candidates  %.1f per question\n", result->candidates);
  std::printf("MRR         %.4f\nP@1         %.4f\nP@5         %.4f\nnDCG@10     %.4f\n", result->mrr, result->p_at_1,
              result->p_at_5, result->ndcg_at_10);
  boost::json::object figures{{"ranker", result->ranker},         {"mrr", result->mrr},
                              {"p_at_1", result->p_at_1},         {"p_at_5", result->p_at_5},
                              {"ndcg_at_10", result->ndcg_at_10}, {"questions", result->questions},
                              {"candidates", result->candidates}};
  std::printf("%s\n", json::to_text(figures).c_str());
  return 0;
}

std::string percent(const std::optional<double>& share) {
  return share ? fmt::format("{:.0f}%", *share * 100) : std::string("—");
}

int print_network(store::Store& store, const Viewer& viewer, const analytics::Scope& scope, const std::string& format) {
  if (scope.unit_id) return usage_error("--unit does not apply to the network report (it covers the organization)");
  if (isatty(STDERR_FILENO) != 0) std::fprintf(stderr, "weft analytics: building the collaboration graph…\n");
  auto figures = analytics::network(store, viewer, scope);
  if (!figures) {
    std::fprintf(stderr, "weft analytics: %s\n", figures.error().message.c_str());
    return figures.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (format == "json") {
    std::printf("%s\n", json::to_text(wire::network_json(*figures)).c_str());
    return 0;
  }
  const Network& n = *figures;
  std::map<int64_t, std::string> names;
  for (const auto& u : n.units) names[u.id] = u.name;
  auto name_of = [&](const std::optional<int64_t>& id) {
    if (!id) return std::string("—");
    auto it = names.find(*id);
    return it == names.end() ? fmt::format("unit {}", *id) : it->second;
  };
  std::printf("Network %s → %s\n\n", clock::rfc3339(n.from).c_str(), clock::rfc3339(n.to).c_str());
  std::printf("Interactions %lld between %lld people (%lld pairs);", static_cast<long long>(n.interactions),
              static_cast<long long>(n.people), static_cast<long long>(n.ties));
  for (const auto& k : n.by_kind) std::printf(" %s %lld", k.name.c_str(), static_cast<long long>(k.count));
  std::printf("\nAcross units %s of interactions; trend:", percent(n.cross_unit_share).c_str());
  for (const auto& p : n.trend) std::printf(" %s", percent(p.cross_unit_share).c_str());
  std::printf("\nCommunities  %lld (modularity %s), matching units %s, assortativity by unit %s\n",
              static_cast<long long>(n.community_count), n.modularity ? fmt::format("{:.2f}", *n.modularity).c_str() : "—",
              n.communities_vs_units ? fmt::format("{:.2f}", *n.communities_vs_units).c_str() : "—",
              n.unit_assortativity ? fmt::format("{:.2f}", *n.unit_assortativity).c_str() : "—");
  std::printf("Brokers%s\n", n.betweenness_sampled ? fmt::format(" (betweenness estimated from {} sources)",
                                                                   n.betweenness_sources).c_str() : "");
  for (const auto& b : n.brokers) {
    std::printf("  %-28s %-20s betweenness %10.1f, %lld units, %lld ties\n", b.person.name.c_str(),
                name_of(b.person.unit_id).c_str(), b.betweenness, static_cast<long long>(b.units_bridged),
                static_cast<long long>(b.ties));
  }
  std::printf("Units (fewest outside ties first)\n");
  for (const auto& t : n.unit_ties) {
    std::printf("  %-28s outside %5s, %lld partner units%s\n", t.unit.name.c_str(), percent(t.external_share).c_str(),
                static_cast<long long>(t.partner_units), t.silo ? "  SILO" : "");
  }
  if (n.withheld_units > 0) {
    std::printf("  (%lld units under %lld people not shown)\n", static_cast<long long>(n.withheld_units),
                static_cast<long long>(n.min_group));
  }
  std::printf("Took %lld ms to read, %lld ms for betweenness, %lld ms for communities\n",
              static_cast<long long>(n.collect_ms), static_cast<long long>(n.betweenness_ms),
              static_cast<long long>(n.communities_ms));
  return 0;
}

int print_engagement(store::Store& store, const Viewer& viewer, const analytics::Scope& scope,
                     const std::string& format) {
  auto figures = analytics::engagement(store, viewer, scope);
  if (!figures) {
    std::fprintf(stderr, "weft analytics: %s\n", figures.error().message.c_str());
    return figures.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (format == "json") {
    std::printf("%s\n", json::to_text(wire::engagement_json(*figures)).c_str());
    return 0;
  }
  const Engagement& e = *figures;
  std::printf("Engagement %s → %s%s\n\n", clock::rfc3339(e.from).c_str(), clock::rfc3339(e.to).c_str(),
              e.unit_id ? fmt::format(" (unit {})", *e.unit_id).c_str() : "");
  std::printf("%-10s %8s %10s %10s %8s\n", "", "items", "reached", "connected", "rate");
  for (auto [name, r] : {std::pair{"Posts", &e.posts}, std::pair{"Problems", &e.problems},
                         std::pair{"Ideas", &e.ideas}, std::pair{"Proposals", &e.proposals}}) {
    std::printf("%-10s %8lld %10lld %10lld %8s\n", name, static_cast<long long>(r->items),
                static_cast<long long>(r->reached), static_cast<long long>(r->connected),
                percent(r->connection_rate).c_str());
  }
  std::printf("Conversations %lld, broadcasts %lld (%s conversations)\n", static_cast<long long>(e.conversations),
              static_cast<long long>(e.broadcasts), percent(e.conversation_share).c_str());
  for (const auto& u : e.units) {
    std::printf("  %-28s %6lld posts, %s conversations\n", u.unit.name.c_str(), static_cast<long long>(u.posts),
                percent(u.conversation_share).c_str());
  }
  if (e.withheld_units > 0) {
    std::printf("  (%lld units under %lld people not shown)\n", static_cast<long long>(e.withheld_units),
                static_cast<long long>(e.min_group));
  }
  std::printf("Cascades      %lld posts reshared %lld times, deepest %lld\n", static_cast<long long>(e.cascades),
              static_cast<long long>(e.reshares), static_cast<long long>(e.max_depth));
  for (const auto& c : e.top_cascades) {
    std::printf("  post %-10lld by %-24s %4lld reshares, depth %lld, %lld people in %lld units\n",
                static_cast<long long>(c.post_id), c.author.name.c_str(), static_cast<long long>(c.reshares),
                static_cast<long long>(c.depth), static_cast<long long>(c.people_reached),
                static_cast<long long>(c.units_reached));
  }
  std::printf("Sharers who reach new people\n");
  for (const auto& s : e.sharers) {
    std::printf("  %-28s %4lld reshares, %lld across units, %lld new people\n", s.person.name.c_str(),
                static_cast<long long>(s.reshares), static_cast<long long>(s.cross_unit),
                static_cast<long long>(s.new_people));
  }
  return 0;
}

// `weft analytics`: the outcomes report for a period, as the organization sees it (what every
// member may see: no private or secret space's work), as text or JSON.
int run_mail(const Config& config, const std::vector<std::string>& args) {
  constexpr const char* kHelp =
      "weft mail digest daily|weekly [--dry-run]\n"
      "Builds the digests due now for everyone whose choice is that period and writes them into the outbox\n"
      "(a running server sends them); --dry-run builds them and writes nothing. Once per person and day.\n";
  if (args.size() < 2 || args[0] != "digest" || (args.size() == 3 && args[2] != "--dry-run") || args.size() > 3) {
    return usage_error(kHelp);
  }
  auto store = open_existing_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  auto settings = mail::settings_from_environment(
      config.public_url.empty() ? fmt::format("http://{}:{}", config.listen_host, config.listen_port) : config.public_url);
  if (!settings) return usage_error(settings.error().message);
  const bool dry_run = args.size() == 3;
  const auto started = std::chrono::steady_clock::now();
  auto run = mail::run_digests(**store, *settings, args[1], clock::now_seconds(),
                               [](int64_t done, int64_t total) { show_progress(done, total, "mail digest"); }, dry_run);
  if (!run) {
    std::fprintf(stderr, "weft mail: %s\n", run.error().message.c_str());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("weft mail: %s digests: %lld people, %lld %s, %lld with nothing worth sending, %lld already sent; %.1f s\n",
              args[1].c_str(), static_cast<long long>(run->people), static_cast<long long>(run->queued),
              dry_run ? "built" : "queued", static_cast<long long>(run->skipped), static_cast<long long>(run->already),
              seconds);
  return 0;
}

int run_analytics(const Config& config, const std::vector<std::string>& args) {
  constexpr const char* kHelp =
      "weft analytics [--report outcomes|network|engagement] [--from RFC3339] [--to RFC3339] [--unit ID]\n"
      "               [--format text|json]\n"
      "A report for a period (default: the last 30 days) over what every member may see.\n"
      "  outcomes (default)  problems opened and resolved and how fast, ideas adopted, proposals decided,\n"
      "                      chains completed, people taking part\n"
      "  network             the collaboration graph: cross-unit share, unit matrix, brokers, silos, communities\n"
      "  engagement          people reached vs people who connected, conversations, reshare cascades\n";
  analytics::Scope scope;
  const int64_t now = clock::now_seconds();
  scope.to = now + 1;
  scope.from = now - 30 * 86400;
  scope.min_group = config.analytics_min_group;
  std::string format = "text";
  std::string report = "outcomes";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      return 0;
    }
    if (i + 1 >= args.size()) return usage_error(arg + " needs a value\n" + kHelp);
    const std::string value = args[++i];
    if (arg == "--from" || arg == "--to") {
      auto at = clock::parse_rfc3339(value);
      if (!at) return usage_error(arg + " must be an RFC 3339 time, e.g. 2026-11-01T00:00:00Z");
      (arg == "--from" ? scope.from : scope.to) = *at;
    } else if (arg == "--unit") {
      scope.unit_id = json::parse_id(value);
      if (!scope.unit_id) return usage_error("--unit must be a unit id");
    } else if (arg == "--format") {
      if (value != "text" && value != "json") return usage_error("--format must be text or json");
      format = value;
    } else if (arg == "--report") {
      if (value != "outcomes" && value != "network" && value != "engagement") {
        return usage_error("--report must be outcomes, network or engagement");
      }
      report = value;
    } else {
      return usage_error("analytics: unexpected argument " + arg + "\n" + kHelp);
    }
  }
  auto store = open_existing_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  // Nobody's memberships: the organization's view (public spaces only).
  const Viewer organization{0, Role::kMember, std::nullopt};
  if (report == "network") return print_network(**store, organization, scope, format);
  if (report == "engagement") return print_engagement(**store, organization, scope, format);
  auto figures = analytics::outcomes(**store, organization, scope);
  if (!figures) {
    std::fprintf(stderr, "weft analytics: %s\n", figures.error().message.c_str());
    return figures.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (format == "json") {
    std::printf("%s\n", json::to_text(wire::outcomes_json(*figures)).c_str());
    return 0;
  }
  auto days = [](const std::optional<int64_t>& seconds) {
    return seconds ? fmt::format("{:.1f} days", static_cast<double>(*seconds) / 86400.0) : std::string("—");
  };
  const Outcomes& o = *figures;
  std::printf("Outcomes %s → %s%s\n\n", clock::rfc3339(o.from).c_str(), clock::rfc3339(o.to).c_str(),
              o.unit_id ? fmt::format(" (unit {})", *o.unit_id).c_str() : "");
  std::printf("Problems     %lld opened, %lld resolved\n", static_cast<long long>(o.problems_opened),
              static_cast<long long>(o.problems_resolved));
  std::printf("  first solution  median %s, p90 %s (%lld problems)\n", days(o.time_to_first_solution.median_seconds).c_str(),
              days(o.time_to_first_solution.p90_seconds).c_str(), static_cast<long long>(o.time_to_first_solution.count));
  std::printf("  resolution      median %s, p90 %s\n", days(o.time_to_resolution.median_seconds).c_str(),
              days(o.time_to_resolution.p90_seconds).c_str());
  std::printf("  unsolved at the end:");
  for (const auto& b : o.unsolved_by_age) std::printf(" %s %lld", b.name.c_str(), static_cast<long long>(b.count));
  std::printf("\nIdeas        %lld created, adoption %s;", static_cast<long long>(o.ideas_created),
              o.adoption_rate ? fmt::format("{:.0f}%", *o.adoption_rate * 100).c_str() : "—");
  for (const auto& b : o.ideas_by_stage) std::printf(" %s %lld", b.name.c_str(), static_cast<long long>(b.count));
  std::printf("\nProposals    %lld opened, %lld decided: %lld adopted, %lld rejected (%lld blocked)\n",
              static_cast<long long>(o.proposals_opened), static_cast<long long>(o.proposals_decided),
              static_cast<long long>(o.proposals_adopted), static_cast<long long>(o.proposals_rejected),
              static_cast<long long>(o.proposals_blocked));
  std::printf("Reviews      %lld decisions past their review date with no follow-up\n",
              static_cast<long long>(o.proposals_past_review));
  std::printf("Chains       %lld problems resolved through an idea or a decision\n",
              static_cast<long long>(o.chains_completed));
  if (o.participants) {
    std::printf("People       %lld took part, from %lld units\n", static_cast<long long>(*o.participants),
                static_cast<long long>(o.participant_units.value_or(0)));
  } else {
    std::printf("People       withheld (fewer than %lld)\n", static_cast<long long>(o.min_group));
  }
  return 0;
}

int run_rebuild(const Config& config, const std::vector<std::string>& args) {
  auto store = open_existing_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  notifications::Notifier notifier(**store, nullptr);
  events::Registry registry(**store);
  registry.add(notifier);
  timelines::TimelineSubscriber timelines(**store);
  registry.add(timelines);
  search::SearchSubscriber search(**store);
  registry.add(search);
  pages::LinkSubscriber page_links(**store);
  registry.add(page_links);
  audit::Subscriber audit_log(**store);
  registry.add(audit_log);
  expertise::TopicPosters topic_posters(**store);
  registry.add(topic_posters);
  std::string names;
  for (const auto& name : registry.names(true)) names += "  " + name + "\n";
  names += "  expertise (kept in memory: built here to show its size and time; every server builds it as it starts)\n";
  if (args.size() == 1 && args[0] == "expertise") {
    if (spdlog::get_level() < spdlog::level::err) spdlog::set_level(spdlog::level::err);
    expertise::Service service(**store);
    auto built = service.build([](int64_t done, int64_t total) { show_progress(done, total, "rebuild expertise"); });
    if (!built) {
      std::fprintf(stderr, "weft rebuild: %s\n", built.error().message.c_str());
      return 1;
    }
    std::printf("weft rebuild: expertise built in %.1f s: %lld pieces of evidence about %lld people, %lld terms, "
                "%lld postings, about %lld MiB\n",
                service.build_seconds(), static_cast<long long>(built->documents),
                static_cast<long long>(built->people), static_cast<long long>(built->terms),
                static_cast<long long>(built->postings), static_cast<long long>(built->bytes >> 20));
    return 0;
  }
  if (args.size() != 1 || args[0] == "--help") {
    std::cout << "weft rebuild NAME: empty one view derived from the activity log and replay the whole\n"
                 "log into it (search: index the tables afresh); stop the server first. Views:\n" << names;
    return args.size() == 1 ? 0 : 2;
  }
  // Several nodes on one database: the view's lease keeps the nodes off it while it is rebuilt,
  // and a running node that works it now refuses the rebuild. A node that has just stopped may
  // hold it a moment longer (PostgreSQL ends its session after the process): up to 3 s are given.
  auto lease = [&] {
    for (int attempt = 0;; ++attempt) {
      if ((*store)->hold_lease("view:" + args[0])) return true;
      if (attempt == 30) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };
  if (registry.find(args[0]) != nullptr && !lease()) {
    std::fprintf(stderr, "weft rebuild: a running node works %s now; stop every node first\n", args[0].c_str());
    return 1;
  }
  const std::string what = "rebuild " + args[0];
  // A rebuild's statements are slow by nature: their warnings would only break the progress bar.
  if (spdlog::get_level() < spdlog::level::err) spdlog::set_level(spdlog::level::err);
  auto report = registry.rebuild(args[0], [&](int64_t done, int64_t total) { show_progress(done, total, what); });
  if (!report) {
    std::fprintf(stderr, "weft rebuild: %s\n", report.error().message.c_str());
    return report.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  if (registry.find(args[0])->rebuilt_from_state()) {
    std::printf("weft rebuild: %s rebuilt from the tables in %.1f s\n", args[0].c_str(), report->seconds);
  } else {
    std::printf("weft rebuild: %s rebuilt from %lld events in %.1f s\n", args[0].c_str(),
                static_cast<long long>(report->events), report->seconds);
  }
  return 0;
}

int run_demo(const Config& config, const std::vector<std::string>& args) {
  demo::Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--people" || args[i] == "--seed" || args[i] == "--posts-per-person") &&
        i + 1 < args.size()) {
      long long value = std::atoll(args[i + 1].c_str());
      if (value < 0 || (value == 0 && args[i] != "--posts-per-person")) {
        return usage_error(args[i] + " must be a positive number");
      }
      if (args[i] == "--people") options.people = static_cast<int>(std::min(value, 10000000LL));
      else if (args[i] == "--seed") options.seed = static_cast<uint64_t>(value);
      else options.posts_per_person = std::min(value, 1000LL);
      ++i;
    } else if (args[i] == "--help") {
      std::cout << "weft demo [--people N] [--seed S] [--posts-per-person P]: fill an empty store with a\n"
                   "demo organization (P posts and replies per person on average, default 50).\n"
                   "Every demo account's password is weft-demo.\n";
      return 0;
    } else {
      return usage_error("unknown demo option " + args[i]);
    }
  }
  auto store = open_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  options.progress = show_progress;
  auto summary = demo::generate(**store, options);
  if (!summary) {
    std::fprintf(stderr, "weft demo: %s\n", summary.error().message.c_str());
    return 1;
  }
  std::printf(
      "weft demo: %lld units, %lld people, %lld follows, %lld endorsements,\n"
      "  %lld posts, %lld replies, %lld reshares, %lld reactions,\n"
      "  %lld spaces, %lld outside guests, %lld problems, %lld ideas, %lld proposals, %lld full chains,\n"
      "  %lld knowledge pages, %lld records from other systems\n"
      "  sign in as %s (admin) or %s (member), password %s\n",
      static_cast<long long>(summary->units), static_cast<long long>(summary->people),
      static_cast<long long>(summary->follows), static_cast<long long>(summary->endorsements),
      static_cast<long long>(summary->posts), static_cast<long long>(summary->replies),
      static_cast<long long>(summary->reshares), static_cast<long long>(summary->reactions),
      static_cast<long long>(summary->spaces), static_cast<long long>(summary->guests),
      static_cast<long long>(summary->problems), static_cast<long long>(summary->ideas),
      static_cast<long long>(summary->proposals), static_cast<long long>(summary->chains),
      static_cast<long long>(summary->pages), static_cast<long long>(summary->records), demo::kAdminEmail, demo::kMemberEmail, demo::kPassword);
  return 0;
}

// weft admin oidc show | off | set …: single sign-on from the command line, as the admin page does.
int admin_oidc(const Config& config, const std::vector<std::string>& args) {
  const char* usage = "usage: weft admin oidc show | off | set --issuer URL --client-id ID [--client-secret S] "
                      "[--scopes S] [--name LABEL] [--claim-email C] [--claim-name C] [--claim-title C] "
                      "[--claim-unit C] [--claim-groups C] [--passwords on|off] [--break-glass EMAIL]";
  if (args.size() < 2 || (args[1] != "show" && args[1] != "off" && args[1] != "set")) return usage_error(usage);
  auto store = open_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  const Viewer system{0, Role::kAdmin};
  auto report = [](const Error& error) {
    std::fprintf(stderr, "weft admin oidc: %s%s%s\n", error.message.c_str(), error.field.empty() ? "" : " field: ",
                 error.field.c_str());
    return 1;
  };
  if (args[1] == "off") {
    if (args.size() != 2) return usage_error(usage);
    if (auto done = actions::remove_oidc_settings(**store, system); !done) return report(done.error());
    std::printf("single sign-on is off; passwords are on for everyone\n");
    return 0;
  }
  auto current = actions::oidc_settings(**store);
  if (!current) return report(current.error());
  if (args[1] == "show") {
    if (args.size() != 2) return usage_error(usage);
    if (!*current) {
      std::printf("{\"configured\":false}\n");
      return 0;
    }
    const auto& s = **current;
    boost::json::object out{{"configured", true}, {"issuer", s.issuer}, {"client_id", s.client_id},
                            {"has_client_secret", !s.client_secret.empty()}, {"scopes", s.scopes},
                            {"display_name", s.display_name}, {"local_passwords", s.local_passwords},
                            {"break_glass_email", s.break_glass_email ? boost::json::value(*s.break_glass_email) : nullptr},
                            {"claims", {{"email", s.claims.email}, {"name", s.claims.name}, {"title", s.claims.title},
                                        {"unit", s.claims.unit}, {"groups", s.claims.groups}}}};
    std::printf("%s\n", json::to_text(out).c_str());
    return 0;
  }
  actions::OidcSettings s;
  if (*current) {
    s = **current;
    s.client_secret.clear();  // kept unless given
  }
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (i + 1 >= args.size()) return usage_error(args[i] + " needs a value");
    const std::string& flag = args[i];
    const std::string& value = args[++i];
    if (flag == "--issuer") s.issuer = value;
    else if (flag == "--client-id") s.client_id = value;
    else if (flag == "--client-secret") s.client_secret = value;
    else if (flag == "--scopes") s.scopes = value;
    else if (flag == "--name") s.display_name = value;
    else if (flag == "--claim-email") s.claims.email = value;
    else if (flag == "--claim-name") s.claims.name = value;
    else if (flag == "--claim-title") s.claims.title = value;
    else if (flag == "--claim-unit") s.claims.unit = value;
    else if (flag == "--claim-groups") s.claims.groups = value;
    else if (flag == "--break-glass") s.break_glass_email = value;
    else if (flag == "--passwords") {
      if (value != "on" && value != "off") return usage_error("--passwords must be on or off");
      s.local_passwords = value == "on";
    } else {
      return usage_error("unknown option " + flag);
    }
  }
  if (s.issuer.empty() || s.client_id.empty()) return usage_error("--issuer and --client-id are required");
  auto client = http::make_client({.allow_private = true, .timeout = std::chrono::milliseconds(10000), .max_body = 1 << 20});
  identity::OidcClient oidc(*client);
  if (auto found = oidc.discover(s.issuer); !found) return report(found.error());
  if (auto saved = actions::save_oidc_settings(**store, system, s); !saved) return report(saved.error());
  std::printf("single sign-on is on: %s (client %s); passwords %s\n", s.issuer.c_str(), s.client_id.c_str(),
              s.local_passwords ? "on" : "off for all but the break-glass admin");
  return 0;
}

int admin(const Config& config, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "oidc") return admin_oidc(config, args);
  if (args.empty() || args[0] != "create-person") {
    return usage_error("usage: weft admin create-person --email E --name N --password P [--role R] [--unit ID]");
  }
  actions::NewPerson person;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (i + 1 >= args.size()) return usage_error(args[i] + " needs a value");
    const std::string& flag = args[i];
    const std::string& value = args[++i];
    if (flag == "--email") person.email = value;
    else if (flag == "--name") person.name = value;
    else if (flag == "--password") person.password = value;
    else if (flag == "--title") person.title = value;
    else if (flag == "--handle") person.handle = value;
    else if (flag == "--role") {
      auto role = parse_role(value);
      if (!role) return usage_error("--role must be admin, member or guest");
      person.role = *role;
    } else if (flag == "--unit") {
      person.unit_id = json::parse_id(value);
      if (!person.unit_id) return usage_error("--unit must be a unit id");
    } else {
      return usage_error("unknown option " + flag);
    }
  }
  if (person.name.empty() || person.email.empty() || person.password.empty()) {
    return usage_error("--email, --name and --password are required");
  }
  auto store = open_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  auto id = actions::create_person(**store, std::nullopt, person);
  if (!id) {
    std::fprintf(stderr, "weft admin: %s%s%s\n", id.error().message.c_str(),
                 id.error().field.empty() ? "" : " field: ", id.error().field.c_str());
    return 1;
  }
  Viewer system{*id, Role::kAdmin};
  auto created = queries::person(**store, system, *id);
  if (!created) return 1;
  std::printf("%s\n", json::to_text(wire::person_json(*created, false)).c_str());
  return 0;
}

int run_export(const Config& config, const std::vector<std::string>& args) {
  std::optional<int64_t> space;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--space" && i + 1 < args.size()) {
      space = json::parse_id(args[++i]);
      if (!space) return usage_error("--space must be a space id");
    } else {
      return usage_error("usage: weft export [--space ID] > org.jsonl");
    }
  }
  auto store = open_existing_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  auto done = transfer::export_jsonl(**store, std::cout, space);
  std::cout.flush();
  if (!done) {
    std::fprintf(stderr, "weft export: %s\n", done.error().message.c_str());
    return 1;
  }
  if (!std::cout) {  // a full disk, a closed pipe: what was written is not the organization
    std::fprintf(stderr, "weft export: writing the output failed; it is incomplete\n");
    return 1;
  }
  std::fprintf(stderr, "weft export: %lld rows\n", static_cast<long long>(done->rows));
  return 0;
}

int run_import(const Config& config, const std::vector<std::string>& args) {
  if (!args.empty()) return usage_error("usage: weft import < org.jsonl (into an empty store)");
  auto store = open_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  auto done = transfer::import_jsonl(**store, std::cin, [](int64_t rows) {
    std::fprintf(stderr, isatty(STDERR_FILENO) ? "\rimported %lld rows" : "imported %lld rows\n",
                 static_cast<long long>(rows));
  });
  if (!done) {
    std::fprintf(stderr, "\nweft import: %s%s%s\n", done.error().message.c_str(),
                 done.error().field.empty() ? "" : " ", "");
    return 1;
  }
  std::fprintf(stderr, "\nweft import: %lld rows\n", static_cast<long long>(done->rows));
  return 0;
}

// weft migrate-store --from sqlite:PATH --to URL: the organization in the SQLite file moves into
// an empty PostgreSQL database (stop the server first).
int run_migrate_store(const std::vector<std::string>& args) {
  constexpr const char* kHelp =
      "usage: weft migrate-store --from sqlite:PATH --to URL\n"
      "  copies the organization in the SQLite file PATH (a data directory's weft.db; stop its server\n"
      "  first) into the empty PostgreSQL database URL (postgres://… or host=… dbname=…), then\n"
      "  checks each table's row count on both sides. Nothing is kept unless every table matches.";
  std::string from, to;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help") {
      std::cout << kHelp << "\n";
      return 0;
    }
    if ((args[i] == "--from" || args[i] == "--to") && i + 1 < args.size()) {
      (args[i] == "--from" ? from : to) = args[i + 1];
      ++i;
    } else {
      return usage_error(std::string("unknown option ") + args[i] + "\n" + kHelp);
    }
  }
  if (!from.starts_with("sqlite:") || from.size() == 7) return usage_error(std::string("--from must be sqlite:PATH\n") + kHelp);
  if (to.empty() || to.starts_with("sqlite:")) return usage_error(std::string("--to must be a PostgreSQL URL\n") + kHelp);
  std::string path = from.substr(7);
  if (std::filesystem::is_directory(path)) path = (std::filesystem::path(path) / "weft.db").string();
  if (!std::filesystem::is_regular_file(path)) {
    std::fprintf(stderr, "weft migrate-store: no SQLite store at %s\n", path.c_str());
    return 1;
  }
  auto source = store::open_sqlite(path);
  if (!source) {
    std::fprintf(stderr, "weft migrate-store: %s: %s\n", path.c_str(), source.error().message.c_str());
    return 1;
  }
  auto target = store::open_postgres(to);
  if (!target) {
    std::fprintf(stderr, "weft migrate-store: %s\n", target.error().message.c_str());
    return 1;
  }
  if (spdlog::get_level() < spdlog::level::err) spdlog::set_level(spdlog::level::err);
  auto done = transfer::migrate_store(**source, **target, [](int64_t rows, int64_t total, const std::string& table) {
    show_progress(rows, total, "copy " + table);
  });
  if (!done) {
    std::fprintf(stderr, "\nweft migrate-store: %s\n", done.error().message.c_str());
    return 1;
  }
  std::printf("%-24s %12s\n", "table", "rows");
  for (const auto& [table, rows] : done->tables) {
    std::printf("%-24s %12lld  same on both sides\n", table.c_str(), static_cast<long long>(rows));
  }
  std::printf("weft migrate-store: %lld rows in %.1f s (%.0f rows/s)\n", static_cast<long long>(done->rows),
              done->seconds, done->seconds > 0 ? static_cast<double>(done->rows) / done->seconds : 0.0);
  return 0;
}

int backup(const Config& config, const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::printf("usage: weft backup PATH [--data-dir DIR]\n  an online copy of the SQLite store (weft.db) to PATH\n");
    return 0;
  }
  if (args.size() != 1 || args[0].starts_with("-")) return usage_error("usage: weft backup PATH");
  auto store = open_existing_store(config);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  auto done = (*store)->backup(args[0]);
  if (!done) {
    std::fprintf(stderr, "weft backup: %s\n", done.error().message.c_str());
    return 1;
  }
  std::printf("weft backup: wrote %s\n", args[0].c_str());
  return 0;
}

}  // namespace

// `weft COMMAND --help` for a command without a help of its own: its lines of the usage text.
int command_help(const std::string& command) {
  std::istringstream usage{std::string(kUsage)};
  std::string line, out;
  bool inside = false;
  const std::string head = "  weft " + command;
  while (std::getline(usage, line)) {
    if (line.starts_with("  weft ")) {
      inside = line.starts_with(head) && (line.size() == head.size() || line[head.size()] == ' ');
    } else if (!line.starts_with("   ")) {
      inside = false;
    }
    if (inside) out += line + "\n";
  }
  if (out.empty()) return usage_error("unknown command " + command);
  std::cout << "Usage:\n" << out << "\nSettings (--data-dir, --database-url, …): weft --help\n";
  return 0;
}

int main(int argc, char** argv) {
  crypto::init();
  auto logger = spdlog::stderr_color_mt("weft");
  spdlog::set_default_logger(logger);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    for (const auto& [variable, flag] : setting_names()) std::cout << "    " << flag << "  " << variable << "\n";
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  // Commands whose help is their own handle --help themselves; the others print their usage lines.
  static const std::set<std::string> kOwnHelp = {"serve", "demo", "backup", "analytics", "eval-expertise",
                                                 "migrate-store"};
  if (!kOwnHelp.contains(command) &&
      std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
    return command_help(command);
  }
  std::vector<std::string> rest;
  auto environment = config_from_environment();
  if (!environment) return usage_error(environment.error().message);
  auto config = apply_flags(*environment, args, &rest);
  if (!config) return usage_error(config.error().message);
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  if (command == "serve") {
    if (!rest.empty()) {
      if (rest[0] == "--help") {
        std::cout << kUsage;
        return 0;
      }
      return usage_error("unknown option " + rest[0]);
    }
    return serve(*config);
  }
  if (command == "demo") {
    // The demo writes in large transactions on purpose: their slow-commit warnings are noise.
    if (config->log_level == "info") spdlog::set_level(spdlog::level::err);
    return run_demo(*config, rest);
  }
  if (command == "admin") return admin(*config, rest);
  if (command == "backup") return backup(*config, rest);
  if (command == "export") return run_export(*config, rest);
  if (command == "import") return run_import(*config, rest);
  if (command == "rebuild") return run_rebuild(*config, rest);
  if (command == "eval-expertise") return run_eval_expertise(rest);
  if (command == "analytics") return run_analytics(*config, rest);
  if (command == "mail") return run_mail(*config, rest);
  if (command == "migrate-store") return run_migrate_store(rest);
  return usage_error("unknown command " + command);
}
