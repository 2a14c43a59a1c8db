#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <array>
#include <condition_variable>
#include <csignal>
#include <list>
#include <mutex>
#include <set>
#include <thread>

#include "http/beast_request.h"
#include "realtime/hub.h"

namespace weft::http {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
constexpr int kMaxRequestsPerConnection = 10000;
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kSmallBody = 64 * 1024;

// A share of the body budget, given back when the request is done.
struct BodyReservation {
  std::atomic<std::size_t>* pool = nullptr;
  std::size_t bytes = 0;
  BodyReservation() = default;
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;
  ~BodyReservation() {
    if (pool) pool->fetch_sub(bytes);
  }
};

namespace websocket = boost::beast::websocket;
constexpr std::size_t kMaxQueuedMessages = 1000;
constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;

// One WebSocket: sends are posted to its strand and written one at a time from a bounded queue.
class WebSocketConnection final : public realtime::Sink,
                                  public std::enable_shared_from_this<WebSocketConnection> {
 public:
  explicit WebSocketConnection(beast::tcp_stream&& stream) : ws(std::move(stream)) {}

  void send(std::string text) override {
    net::post(ws.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closed) return;
      if (self->queue.size() >= kMaxQueuedMessages || self->queued_bytes + text.size() > kMaxQueuedBytes) {
        spdlog::warn("stream: a client fell {} messages ({} bytes) behind; disconnecting it",
                     self->queue.size(), self->queued_bytes);
        self->closed = true;
        boost::system::error_code ignored;
        beast::get_lowest_layer(self->ws).socket().close(ignored);
        return;
      }
      self->queued_bytes += text.size();
      self->queue.push_back(std::move(text));
      if (!self->writing) self->write_next();
    });
  }

  void close() override { close_with(websocket::close_code::going_away); }
  void revoke() override { close_with(websocket::close_code::policy_error); }

  void close_with(websocket::close_code code) {
    net::post(ws.get_executor(), [self = shared_from_this(), code] {
      if (self->closed) return;
      self->closed = true;
      // Beast lets one close run beside one write; the close frame follows the frame in flight.
      self->ws.async_close(code, [self](boost::system::error_code) {});
    });
  }

  websocket::stream<beast::tcp_stream> ws;
  bool closed = false;

 private:
  void write_next() {
    writing = true;
    ws.text(true);
    ws.async_write(net::buffer(queue.front()),
                   [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                     self->queued_bytes -= self->queue.front().size();
                     self->queue.pop_front();
                     if (ec || self->closed) {
                       self->writing = false;
                       return;
                     }
                     if (!self->queue.empty()) {
                       self->write_next();
                     } else {
                       self->writing = false;
                     }
                   });
  }
  std::deque<std::string> queue;
  std::size_t queued_bytes = 0;
  bool writing = false;
};

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
};


bhttp::response<bhttp::string_body> to_message(Response&& response, unsigned version,
                                               bool head) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
  message.set(bhttp::field::server, "Weft");
  if (!response.content_type.empty()) message.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) message.insert(name, value);
  message.body() = head ? std::string() : std::move(response.body);
  message.prepare_payload();
  return message;
}

Response plain_error(int status, const char* code, const char* text) {
  Response response;
  response.status = status;
  response.body = std::string("{\"error\":{\"code\":\"") + code + "\",\"message\":\"" + text + "\"}}";
  return response;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Handler handler, UpgradeHandler upgrade)
      : options(options), handler(std::move(handler)), upgrade(std::move(upgrade)),
        ioc(options.threads), acceptor(ioc), signals(ioc, SIGINT, SIGTERM) {}

  ServerOptions options;
  Handler handler;
  UpgradeHandler upgrade;
  std::vector<std::weak_ptr<WebSocketConnection>> websockets;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::atomic<int> open_connections{0};
  std::atomic<std::size_t> body_in_flight{0};

  bool reserve_body(BodyReservation& reservation, std::size_t bytes) {
    std::size_t current = body_in_flight.load();
    do {
      if (current + bytes > options.body_budget) return false;
    } while (!body_in_flight.compare_exchange_weak(current, current + bytes));
    reservation.pool = &body_in_flight;
    reservation.bytes = bytes;
    return true;
  }
  net::signal_set signals;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::set<std::shared_ptr<Connection>> connections;
  std::condition_variable stop_requested;

  net::awaitable<void> session(std::shared_ptr<Connection> connection) {
    auto& stream = connection->stream;
    boost::system::error_code ignored;
    std::string remote = stream.socket().remote_endpoint(ignored).address().to_string();
    // Bounds what pipelined, not yet handled requests may occupy.
    beast::flat_buffer buffer(options.body_limit + kHeaderLimit);
    for (int served = 0; served < kMaxRequestsPerConnection && !stopping; ++served) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(kHeaderLimit);
      stream.expires_after(std::chrono::seconds(served == 0 ? options.read_timeout_seconds
                                                            : options.idle_timeout_seconds));
      auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
      BodyReservation reservation;
      if (!ec && !parser.is_done()) {
        // The body: a large one must fit the shared budget before it is read.
        std::size_t expected = std::min<std::size_t>(
            parser.content_length().value_or(options.body_limit), options.body_limit);
        if (expected > kSmallBody && !reserve_body(reservation, expected)) {
          Response busy = plain_error(503, "unavailable", "The server is busy; try again shortly.");
          busy.set_header("Retry-After", "1");
          co_await write_error(stream, std::move(busy));
          break;
        }
        stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
        auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
        ec = body_ec;
      }
      if (ec) {
        if (ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow) {
          co_await write_error(stream, plain_error(413, "payload_too_large",
                                                   "The request body is over 1 MiB."));
        } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                   ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
          co_await write_error(stream, plain_error(400, "bad_request", "Malformed HTTP request."));
        }
        break;
      }
      connection->busy = true;
      auto& message = parser.get();
      Request request = to_request(message, remote);
      if (websocket::is_upgrade(message) && upgrade) {
        Upgrade answer = upgrade(request);
        if (!answer.refusal) {
          {
            // The socket moves into the WebSocket: shutdown must not reach the old stream.
            std::lock_guard lock(mutex);
            connections.erase(connection);
          }
          co_await run_websocket(std::move(stream), std::move(message), std::move(answer));
          co_return;
        }
        auto out = to_message(std::move(*answer.refusal), message.version(), false);
        out.keep_alive(false);
        co_await bhttp::async_write(stream, out, kUseTuple);
        break;
      }
      Response response = handler(request);
      const bool keep_alive = message.keep_alive() && !stopping &&
                              served + 1 < kMaxRequestsPerConnection;
      auto out = to_message(std::move(response), message.version(),
                            message.method() == bhttp::verb::head);
      out.keep_alive(keep_alive);
      stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      auto [write_ec, written] = co_await bhttp::async_write(stream, out, kUseTuple);
      connection->busy = false;
      if (write_ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  net::awaitable<void> run_websocket(beast::tcp_stream stream,
                                     bhttp::request<bhttp::string_body> message, Upgrade upgrade) {
    stream.expires_never();
    auto connection = std::make_shared<WebSocketConnection>(std::move(stream));
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(40);  // a ping after 20 s of silence
    timeouts.keep_alive_pings = true;
    connection->ws.set_option(timeouts);
    connection->ws.read_message_max(64 * 1024);
    auto [ec] = co_await connection->ws.async_accept(message, kUseTuple);
    if (ec) co_return;
    {
      std::lock_guard lock(mutex);
      std::erase_if(websockets, [](auto& weak) { return weak.expired(); });
      websockets.push_back(connection);
    }
    if (stopping) connection->close();
    if (upgrade.on_open) upgrade.on_open(connection);
    beast::flat_buffer buffer;
    while (true) {
      auto [read_ec, n] = co_await connection->ws.async_read(buffer, kUseTuple);
      if (read_ec) break;
      buffer.consume(buffer.size());  // clients have nothing to say yet; frames are read and dropped
    }
    connection->closed = true;
    if (upgrade.on_close) upgrade.on_close(connection.get());
  }

  net::awaitable<void> write_error(beast::tcp_stream& stream, Response response) {
    auto out = to_message(std::move(response), 11, false);
    out.keep_alive(false);
    stream.expires_after(std::chrono::seconds(5));
    auto [ec, written] = co_await bhttp::async_write(stream, out, kUseTuple);
    if (ec) co_return;
    // Read and drop what the client is still sending, briefly, so that closing the socket does
    // not reset the connection before the client has read the answer.
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 16384> sink;
    std::size_t drained = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (drained < 8 * options.body_limit) {
      auto [read_ec, n] = co_await stream.async_read_some(net::buffer(sink), kUseTuple);
      if (read_ec) break;
      drained += n;
    }
  }

  net::awaitable<void> accept_loop() {
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), kUseTuple);
      if (ec) {
        if (stopping || ec == net::error::operation_aborted) co_return;
        // Out of file descriptors (or another passing failure): pause instead of spinning.
        spdlog::warn("accept: {}", ec.message());
        net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      if (open_connections.load() >= options.max_connections) {
        net::co_spawn(socket.get_executor(), refuse(std::move(socket)), net::detached);
        continue;
      }
      open_connections.fetch_add(1);
      auto connection = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(mutex);
        connections.insert(connection);
      }
      net::co_spawn(connection->stream.get_executor(), session(connection),
                    [this, connection](std::exception_ptr error) {
                      if (error) {
                        try {
                          std::rethrow_exception(error);
                        } catch (const std::exception& e) {
                          spdlog::error("connection ended by an exception: {}", e.what());
                        }
                      }
                      open_connections.fetch_sub(1);
                      std::lock_guard lock(mutex);
                      connections.erase(connection);
                    });
    }
  }

  // Past the connection cap: a short 503 with Retry-After, then the socket is closed.
  net::awaitable<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    Response busy = plain_error(503, "unavailable", "Too many connections; try again shortly.");
    busy.set_header("Retry-After", "1");
    auto out = to_message(std::move(busy), 11, false);
    out.keep_alive(false);
    stream.expires_after(std::chrono::seconds(2));
    co_await bhttp::async_write(stream, out, kUseTuple);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    spdlog::info("stopping: finishing in-flight requests");
    net::post(acceptor.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
    });
    std::lock_guard lock(mutex);
    for (const auto& connection : connections) {
      net::post(connection->stream.get_executor(), [connection] {
        if (!connection->busy) connection->stream.socket().cancel();
      });
    }
    for (const auto& weak : websockets) {
      if (auto websocket = weak.lock()) websocket->close();
    }
    stop_requested.notify_all();
  }
};

Server::Server(ServerOptions options, Handler handler, UpgradeHandler upgrade)
    : impl_(std::make_unique<Impl>(options, std::move(handler), std::move(upgrade))) {}

Server::~Server() = default;

Result<uint16_t> Server::listen(const std::string& host, uint16_t port) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) return invalid("listen", "not an IP address: " + host);
  tcp::endpoint endpoint(address, port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(ErrorCode::kUnavailable,
                "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  }
  return acceptor.local_endpoint().port();
}

void Server::run() {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl](const boost::system::error_code& ec, int) {
    if (!ec) impl.begin_stop();
  });
  net::co_spawn(impl.ioc, impl.accept_loop(), [](std::exception_ptr error) {
    if (error) spdlog::error("accept loop ended by an exception");
  });
  std::mutex done_mutex;
  std::condition_variable done_changed;
  int running = impl.options.threads;
  std::vector<std::thread> threads;
  for (int i = 0; i < impl.options.threads; ++i) {
    threads.emplace_back([&] {
      impl.ioc.run();
      std::lock_guard lock(done_mutex);
      --running;
      done_changed.notify_all();
    });
  }
  {
    std::unique_lock lock(impl.mutex);
    impl.stop_requested.wait(lock, [&] { return impl.stopping.load(); });
  }
  {
    std::unique_lock lock(done_mutex);
    if (!done_changed.wait_for(lock, std::chrono::seconds(impl.options.shutdown_grace_seconds),
                               [&] { return running == 0; })) {
      spdlog::warn("stopping: connections still open after {} s; closing them",
                   impl.options.shutdown_grace_seconds);
      impl.ioc.stop();
    }
  }
  for (auto& thread : threads) thread.join();
  spdlog::info("stopped");
}

void Server::stop() { impl_->begin_stop(); }

}  // namespace weft::http
