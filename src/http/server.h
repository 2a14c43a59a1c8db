// Server: the HTTP/1.1 listener and connection loop on Boost.Beast. The only file that includes
// Beast. It reads each request under a timeout and size limits on an io thread, hands a plain
// http::Request to `handler` (or `upgrade`) on a worker thread, and writes the http::Response
// back on the io thread.
//
// Connections are bounded: at most max_connections open (503 beyond), 16 KiB of headers, 1 MiB of
// body (413 beyond), large bodies within a shared byte budget, one request handled at a time per
// connection (pipelined requests wait, unread, in a bounded buffer), a read timeout, and
// at most 10,000 requests per connection. WebSocket upgrades are handed to an UpgradeHandler;
// each WebSocket has its own write queue on its strand, bounded at 1,000 messages and 4 MiB (a
// slower client is disconnected), and is pinged when idle. SIGINT/SIGTERM (or stop()) stop accepting, let
// in-flight requests finish and close idle connections; run() then returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace weft::realtime {
class Sink;
}

namespace weft::http {

// What the application says about a WebSocket upgrade request: refuse it with a response, or
// accept it and be told when the connection opens (with a Sink to send on) and closes.
struct Upgrade {
  std::optional<Response> refusal;
  std::function<void(std::shared_ptr<realtime::Sink>)> on_open;
  std::function<void(const realtime::Sink*)> on_close;
};

struct ServerOptions {
  int threads = 2;
  // Handlers run here, off the io threads: they may hash a password or wait for the store.
  int workers = 8;
  // Reads running at once, on `workers` (http/dispatch.h); 0: as many as there are workers.
  int read_workers = 0;
  // While reads wait, writes go in rounds at most this far apart (http/dispatch.h); 0: a waiting
  // write always goes first.
  std::chrono::milliseconds write_round{30};
  int max_connections = 4096;  // past it a new connection gets 503 with Retry-After and is closed
  // Bodies over 64 KiB reserve their length from this budget while they are read; when it is
  // spent a request gets 503 (slow senders cannot pin memory without bound).
  std::size_t body_budget = 256 * 1024 * 1024;
  int read_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  std::size_t body_limit = 1024 * 1024;
  int shutdown_grace_seconds = 10;
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  using UpgradeHandler = std::function<Upgrade(Request&)>;
  Server(ServerOptions options, Handler handler, UpgradeHandler upgrade = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; answers the bound port (useful when `port` is 0).
  Result<uint16_t> listen(const std::string& host, uint16_t port);
  // Serves until a signal or stop(), then drains and returns.
  void run();
  void stop();

  struct Impl;  // defined in server.cc, where its connections use it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace weft::http
