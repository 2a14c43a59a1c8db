#include "http/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "http/beast_request.h"
#include "core/worker_pool.h"
#include "http/dispatch.h"
#include "realtime/hub.h"

// Every asynchronous operation here completes into a handler that holds its connection by
// shared_ptr (the pattern of Beast's own servers), never into a coroutine frame: a completion can
// then never resume something already freed, and a request can be handed to a worker thread and
// its response handed back without any frame crossing threads (docs/DECISIONS.md 27).

namespace weft::http {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Executor = net::any_io_executor;
constexpr int kMaxRequestsPerConnection = 10000;
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kSmallBody = 64 * 1024;
// A stream client is behind when this much waits for it and the oldest of it has waited
// kSlowClient: what the server hands over at once (a resume's replay, up to about 1,000 messages)
// is not the client's lag. Past kHardQueuedBytes it is cut off whatever the wait.
constexpr std::size_t kMaxQueuedMessages = 1000;
constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
constexpr std::size_t kHardQueuedBytes = 64 * 1024 * 1024;
constexpr auto kSlowClient = std::chrono::seconds(5);

class HttpSession;
class WebSocketConnection;

// What connections share with the server and may outlive it by a moment: pending handlers are
// destroyed with the io_context, and their connections' destructors report here.
struct Shared {
  std::mutex mutex;
  std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> sessions;
  std::vector<std::weak_ptr<WebSocketConnection>> websockets;
  std::atomic<int> open_connections{0};
  std::atomic<std::size_t> body_in_flight{0};
  std::atomic<bool> stopping{false};
};

// One counted connection: released when the HTTP session or the WebSocket that took it over ends.
class Slot {
 public:
  Slot() = default;
  explicit Slot(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) { shared_->open_connections.fetch_add(1); }
  Slot(Slot&& other) noexcept : shared_(std::move(other.shared_)) {}
  Slot& operator=(Slot&&) = delete;
  ~Slot() {
    if (shared_) shared_->open_connections.fetch_sub(1);
  }

 private:
  std::shared_ptr<Shared> shared_;
};

// A share of the body budget, given back when the request is done.
class BodyReservation {
 public:
  bool reserve(std::atomic<std::size_t>& pool, std::size_t bytes, std::size_t budget) {
    std::size_t current = pool.load();
    do {
      if (current + bytes > budget) return false;
    } while (!pool.compare_exchange_weak(current, current + bytes));
    pool_ = &pool;
    bytes_ = bytes;
    return true;
  }
  void release() {
    if (pool_) pool_->fetch_sub(bytes_);
    pool_ = nullptr;
    bytes_ = 0;
  }
  ~BodyReservation() { release(); }

 private:
  std::atomic<std::size_t>* pool_ = nullptr;
  std::size_t bytes_ = 0;
};

bhttp::response<bhttp::string_body> to_message(Response&& response, unsigned version, bool head) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
  message.set(bhttp::field::server, "Weft");
  if (!response.content_type.empty()) message.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) message.insert(name, value);
  if (head && response.status >= 200 && response.status != 204 && response.status != 304) {
    // The length a GET would have, with no body (RFC 9110, 9.3.2).
    message.content_length(response.body.size());
  } else if (head) {
    message.prepare_payload();
  } else {
    message.body() = std::move(response.body);
    message.prepare_payload();
  }
  return message;
}

Response plain_error(int status, const char* code, const char* text) {
  Response response;
  response.status = status;
  response.body = std::string("{\"error\":{\"code\":\"") + code + "\",\"message\":\"" + text + "\"}}";
  return response;
}

// One WebSocket: sends are posted to its strand and written one at a time from a bounded queue.
class WebSocketConnection final : public realtime::Sink,
                                  public std::enable_shared_from_this<WebSocketConnection> {
 public:
  WebSocketConnection(beast::tcp_stream&& stream, Slot slot, std::shared_ptr<Shared> shared,
                      core::WorkerPool& workers)
      : shared_(std::move(shared)), slot_(std::move(slot)), workers_(workers), ws_(std::move(stream)) {}

  // Completes the handshake; then the application is told (on a worker, since it may read the
  // store to replay missed events) and frames are read until the connection ends.
  void accept(bhttp::request<bhttp::string_body> message, Upgrade upgrade) {
    message_ = std::move(message);
    upgrade_ = std::move(upgrade);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(40);  // a ping after 20 s of silence
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(message_, beast::bind_front_handler(&WebSocketConnection::on_accept, shared_from_this()));
  }

  void send(std::string text) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closed_ || self->closing_after_queue_) return;
      const auto now = std::chrono::steady_clock::now();
      const bool full = self->queue_.size() >= kMaxQueuedMessages || self->queued_bytes_ + text.size() > kMaxQueuedBytes;
      if ((full && now - self->queue_.front().second >= kSlowClient) ||
          self->queued_bytes_ + text.size() > kHardQueuedBytes) {
        spdlog::warn("stream: a client fell {} messages ({} bytes) behind; disconnecting it",
                     self->queue_.size(), self->queued_bytes_);
        self->closed_ = true;
        // What waits is dropped (the frame being written goes on); the close says why, and the
        // client resumes with ?since= from the last id it got.
        while (self->queue_.size() > (self->writing_ ? 1 : 0)) {
          self->queued_bytes_ -= self->queue_.back().first.size();
          self->queue_.pop_back();
        }
        self->ws_.async_close(websocket::close_reason(websocket::close_code::try_again_later, "too far behind"),
                              [self](error_code) {});
        return;
      }
      self->queued_bytes_ += text.size();
      self->queue_.emplace_back(std::move(text), now);
      if (!self->writing_) self->write_next();
    });
  }

  void close() override { close_with(websocket::close_code::going_away); }
  void revoke() override { close_with(websocket::close_code::policy_error); }
  void close_for_more() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      if (self->closed_ || !self->open_) return;
      self->closing_after_queue_ = true;
      if (!self->writing_) self->close_now(kMoreToReplay);
    });
  }

 private:
  // 4000: the resume had more than one replay holds; the client resumes from its last id.
  static constexpr std::uint16_t kMoreToReplay = 4000;

  void close_now(std::uint16_t code) {
    closed_ = true;
    websocket::close_reason reason;
    reason.code = code;
    if (code == kMoreToReplay) reason.reason = "more to replay";
    ws_.async_close(reason, [self = shared_from_this()](error_code) {});
  }

  void close_with(websocket::close_code code) {
    net::post(ws_.get_executor(), [self = shared_from_this(), code] {
      if (self->closed_ || !self->open_) return;
      self->closed_ = true;
      // Beast lets one close run beside one write; the close frame follows the frame in flight.
      self->ws_.async_close(code, [self](error_code) {});
    });
  }

  void on_accept(error_code ec) {
    if (ec) return;
    open_ = true;
    {
      std::lock_guard lock(shared_->mutex);
      std::erase_if(shared_->websockets, [](auto& weak) { return weak.expired(); });
      shared_->websockets.push_back(shared_from_this());
    }
    if (shared_->stopping) {
      closed_ = true;
      ws_.async_close(websocket::close_code::going_away, [self = shared_from_this()](error_code) {});
    }
    workers_.post([self = shared_from_this(), work = net::make_work_guard(ws_.get_executor())] {
      if (self->upgrade_.on_open) self->upgrade_.on_open(self);
      net::post(self->ws_.get_executor(), [self] { self->read_next(); });
    });
  }

  void read_next() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketConnection::on_read, shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      if (upgrade_.on_close) upgrade_.on_close(this);
      return;
    }
    buffer_.consume(buffer_.size());  // clients have nothing to say yet; frames are read and dropped
    read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front().first), [self = shared_from_this()](error_code ec, std::size_t) {
      self->queued_bytes_ -= self->queue_.front().first.size();
      self->queue_.pop_front();
      if (ec || self->closed_ || self->queue_.empty()) {
        self->writing_ = false;
        if (!ec && !self->closed_ && self->closing_after_queue_) self->close_now(kMoreToReplay);
        return;
      }
      self->write_next();
    });
  }

  std::shared_ptr<Shared> shared_;
  Slot slot_;
  core::WorkerPool& workers_;
  websocket::stream<beast::tcp_stream> ws_;
  bhttp::request<bhttp::string_body> message_;
  Upgrade upgrade_;
  beast::flat_buffer buffer_;
  std::deque<std::pair<std::string, std::chrono::steady_clock::time_point>> queue_;  // text, queued at
  bool closing_after_queue_ = false;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool open_ = false;
  bool closed_ = false;
};

// Past the connection cap: a short 503 with Retry-After, then the socket is closed.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  explicit Refusal(tcp::socket socket) : stream_(std::move(socket)) {}
  void start() {
    Response busy = plain_error(503, "unavailable", "Too many connections; try again shortly.");
    busy.set_header("Retry-After", "1");
    out_ = to_message(std::move(busy), 11, false);
    out_.keep_alive(false);
    stream_.expires_after(std::chrono::seconds(2));
    bhttp::async_write(stream_, out_, [self = shared_from_this()](error_code, std::size_t) {
      error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

 private:
  beast::tcp_stream stream_;
  bhttp::response<bhttp::string_body> out_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Handler handler, UpgradeHandler upgrade)
      : options(options), handler(std::move(handler)), upgrade(std::move(upgrade)),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        dispatch([this](Dispatch::Task turn) { workers.post(std::move(turn)); }, this->options.write_round,
                 static_cast<std::size_t>(std::max(0, this->options.read_workers))),
        ioc(options.threads),
        acceptor(net::make_strand(ioc)), accept_pause(acceptor.get_executor()),
        signals(ioc, SIGINT, SIGTERM) {}

  ServerOptions options;
  Handler handler;
  UpgradeHandler upgrade;
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  std::mutex stop_mutex;
  std::condition_variable stop_requested;
  core::WorkerPool workers;
  Dispatch dispatch;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer accept_pause;
  net::signal_set signals;

  void accept_next();
  void on_accept(error_code ec, tcp::socket socket);
  void begin_stop();
};

namespace {

// One HTTP/1.1 connection: read a request under limits, hand it to a worker thread, write the
// answer back on the connection's strand, and again while keep-alive lasts.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server::Impl& server, tcp::socket socket)
      : shared_(server.shared), slot_(server.shared), server_(server),
        executor_(socket.get_executor()), stream_(std::move(socket)),
        buffer_(server.options.body_limit + kHeaderLimit) {}

  ~HttpSession() {
    std::lock_guard lock(shared_->mutex);
    shared_->sessions.erase(this);
  }

  void start() {
    error_code ignored;
    remote_ = stream_.socket().remote_endpoint(ignored).address().to_string();
    read_next();
  }

  const Executor& executor() const { return executor_; }

  // Shutdown: an idle connection stops waiting for its next request; a busy one finishes it.
  void cancel_if_idle() {
    if (!busy_) {
      error_code ignored;
      stream_.socket().cancel(ignored);
    }
  }

 private:
  void read_next() {
    if (served_ >= kMaxRequestsPerConnection || shared_->stopping) return finish();
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(std::chrono::seconds(served_ == 0 ? server_.options.read_timeout_seconds
                                                            : server_.options.idle_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  void on_header(error_code ec, std::size_t) {
    if (!ec && !parser_->is_done()) {
      // The body: a large one must fit the shared budget before it is read.
      std::size_t limit = server_.options.body_limit;
      std::size_t expected = std::min<std::size_t>(parser_->content_length().value_or(limit), limit);
      if (expected > kSmallBody &&
          !reservation_.reserve(shared_->body_in_flight, expected, server_.options.body_budget)) {
        Response busy = plain_error(503, "unavailable", "The server is busy; try again shortly.");
        busy.set_header("Retry-After", "1");
        return write_error(std::move(busy));
      }
      stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
      bhttp::async_read(stream_, buffer_, *parser_,
                        beast::bind_front_handler(&HttpSession::on_body, shared_from_this()));
      return;
    }
    on_body(ec, 0);
  }

  void on_body(error_code ec, std::size_t) {
    if (ec) {
      if (ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow) {
        return write_error(plain_error(413, "payload_too_large", "The request body is over 1 MiB."));
      }
      if (ec == bhttp::error::header_limit) {
        return write_error(plain_error(431, "headers_too_large", "The request's headers are over 16 KiB."));
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
          ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        return write_error(plain_error(400, "malformed_request", "Malformed HTTP request."));
      }
      return finish();
    }
    busy_ = true;
    message_ = parser_->release();
    parser_.reset();
    // The body moves to the request (one copy held, not two); what follows reads only the header.
    std::string body = std::move(message_.body());
    message_.body().clear();
    request_ = to_request(message_, remote_);
    request_.body = std::move(body);
    // The handler may hash a password or wait for the store: it runs on a worker, and the work
    // guard keeps the io threads running until its answer has been written.
    const bool write = message_.method() != bhttp::verb::get && message_.method() != bhttp::verb::head;
    server_.dispatch.post(write, [self = shared_from_this(), work = net::make_work_guard(executor_)] {
      self->handle();
    });
  }

  // On a worker thread. The session is not touched by its strand meanwhile: nothing is pending.
  void handle() {
    if (websocket::is_upgrade(message_) && server_.upgrade) {
      Upgrade answer = server_.upgrade(request_);
      net::post(executor_, [self = shared_from_this(), answer = std::move(answer)]() mutable {
        self->upgraded(std::move(answer));
      });
      return;
    }
    Response response = server_.handler(request_);
    net::post(executor_, [self = shared_from_this(), response = std::move(response)]() mutable {
      self->respond(std::move(response));
    });
  }

  void respond(Response response) {
    keep_alive_ = message_.keep_alive() && !shared_->stopping && served_ + 1 < kMaxRequestsPerConnection;
    out_ = to_message(std::move(response), message_.version(), message_.method() == bhttp::verb::head);
    out_.keep_alive(keep_alive_);
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_write(stream_, out_, beast::bind_front_handler(&HttpSession::on_written, shared_from_this()));
  }

  void on_written(error_code ec, std::size_t) {
    busy_ = false;
    // An idle keep-alive connection holds nothing of the last exchange: its bodies went back to
    // the budget, and so does their memory.
    reservation_.release();
    message_ = {};
    request_ = Request{};
    out_ = {};
    buffer_.shrink_to_fit();  // keeps any pipelined bytes, drops the room a large body needed
    ++served_;
    if (ec || !keep_alive_) return finish();
    read_next();
  }

  void upgraded(Upgrade answer) {
    if (answer.refusal) {
      out_ = to_message(std::move(*answer.refusal), message_.version(), false);
      out_.keep_alive(false);
      stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
      bhttp::async_write(stream_, out_, [self = shared_from_this()](error_code, std::size_t) { self->finish(); });
      return;
    }
    {
      // The socket moves into the WebSocket: shutdown must not reach the old stream.
      std::lock_guard lock(shared_->mutex);
      shared_->sessions.erase(this);
    }
    auto connection = std::make_shared<WebSocketConnection>(std::move(stream_), std::move(slot_), shared_,
                                                            server_.workers);
    connection->accept(std::move(message_), std::move(answer));
  }

  void finish() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Writes an error and closes; reads and drops what the client is still sending, briefly, so that
  // closing the socket does not reset the connection before the client has read the answer.
  void write_error(Response response) {
    keep_alive_ = false;
    out_ = to_message(std::move(response), 11, false);
    out_.keep_alive(false);
    stream_.expires_after(std::chrono::seconds(5));
    bhttp::async_write(stream_, out_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return;
      error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream_.expires_after(std::chrono::seconds(2));
      self->sink_ = std::make_unique<std::array<char, 16384>>();
      self->drain();
    });
  }

  void drain() {
    stream_.async_read_some(net::buffer(*sink_), [self = shared_from_this()](error_code ec, std::size_t n) {
      if (ec) return;
      self->drained_ += n;
      if (self->drained_ < 8 * self->server_.options.body_limit) self->drain();
    });
  }

  std::shared_ptr<Shared> shared_;  // first: the members below report to it as they go
  Slot slot_;
  BodyReservation reservation_;
  Server::Impl& server_;  // used only while the server runs; destructors never touch it
  Executor executor_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;  // bounded: what pipelined, not yet handled requests may occupy
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::request<bhttp::string_body> message_;
  Request request_;
  bhttp::response<bhttp::string_body> out_;
  std::string remote_;
  std::unique_ptr<std::array<char, 16384>> sink_;
  std::size_t drained_ = 0;
  int served_ = 0;
  bool keep_alive_ = false;
  std::atomic<bool> busy_{false};
};

}  // namespace

void Server::Impl::accept_next() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::Impl::on_accept(error_code ec, tcp::socket socket) {
  if (ec) {
    if (shared->stopping || ec == net::error::operation_aborted) return;
    // Out of file descriptors (or another passing failure): pause instead of spinning.
    spdlog::warn("accept: {}", ec.message());
    accept_pause.expires_after(std::chrono::milliseconds(100));
    accept_pause.async_wait([this](error_code wait_ec) {
      if (!wait_ec && !shared->stopping) accept_next();
    });
    return;
  }
  if (shared->open_connections.load() >= options.max_connections) {
    std::make_shared<Refusal>(std::move(socket))->start();
  } else {
    auto session = std::make_shared<HttpSession>(*this, std::move(socket));
    {
      std::lock_guard lock(shared->mutex);
      shared->sessions.emplace(session.get(), session);
    }
    net::dispatch(session->executor(), [session] { session->start(); });
  }
  accept_next();
}

void Server::Impl::begin_stop() {
  if (shared->stopping.exchange(true)) return;
  spdlog::info("stopping: finishing in-flight requests");
  net::post(acceptor.get_executor(), [this] {
    error_code ignored;
    acceptor.close(ignored);
    accept_pause.cancel();
    signals.cancel(ignored);
  });
  // Collected under the lock, told outside it: a session's destructor takes the same lock.
  std::vector<std::shared_ptr<HttpSession>> sessions;
  std::vector<std::shared_ptr<WebSocketConnection>> websockets;
  {
    std::lock_guard lock(shared->mutex);
    for (const auto& [key, weak] : shared->sessions) {
      if (auto session = weak.lock()) sessions.push_back(std::move(session));
    }
    for (const auto& weak : shared->websockets) {
      if (auto websocket = weak.lock()) websockets.push_back(std::move(websocket));
    }
  }
  for (auto& session : sessions) {
    net::post(session->executor(), [session] { session->cancel_if_idle(); });
  }
  for (auto& websocket : websockets) websocket->close();
  std::lock_guard lock(stop_mutex);
  stop_requested.notify_all();
}

Server::Server(ServerOptions options, Handler handler, UpgradeHandler upgrade)
    : impl_(std::make_unique<Impl>(options, std::move(handler), std::move(upgrade))) {}

Server::~Server() = default;

Result<uint16_t> Server::listen(const std::string& host, uint16_t port) {
  error_code ec;
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
  impl.signals.async_wait([&impl](const error_code& ec, int) {
    if (!ec) impl.begin_stop();
  });
  net::dispatch(impl.acceptor.get_executor(), [&impl] { impl.accept_next(); });
  std::mutex done_mutex;
  std::condition_variable done_changed;
  int running = impl.options.threads;
  std::vector<std::thread> threads;
  for (int i = 0; i < impl.options.threads; ++i) {
    threads.emplace_back([&] {
      core::name_thread("weft-io");
      impl.ioc.run();
      std::lock_guard lock(done_mutex);
      --running;
      done_changed.notify_all();
    });
  }
  {
    std::unique_lock lock(impl.stop_mutex);
    impl.stop_requested.wait(lock, [&] { return impl.shared->stopping.load(); });
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
  impl.workers.join();  // requests still in a handler finish; their answers are dropped
  spdlog::info("stopped");
}

void Server::stop() { impl_->begin_stop(); }

}  // namespace weft::http
