#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <condition_variable>
#include <csignal>
#include <list>
#include <mutex>
#include <set>
#include <thread>

namespace weft::http {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
constexpr int kMaxRequestsPerConnection = 10000;
constexpr std::size_t kHeaderLimit = 16 * 1024;

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Request to_request(const bhttp::request<bhttp::string_body>& message, const std::string& remote) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  std::string_view target = message.target();
  auto question = target.find('?');
  request.path = percent_decode(target.substr(0, question), false);
  if (question != std::string_view::npos) request.query_string = std::string(target.substr(question + 1));
  for (const auto& field : message) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  request.body = message.body();
  request.remote_address = remote;
  return request;
}

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
  Impl(ServerOptions options, Handler handler)
      : options(options), handler(std::move(handler)), ioc(options.threads), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM) {}

  ServerOptions options;
  Handler handler;
  net::io_context ioc;
  tcp::acceptor acceptor;
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
      auto [ec, bytes] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
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
        spdlog::warn("accept: {}", ec.message());
        continue;
      }
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
                      std::lock_guard lock(mutex);
                      connections.erase(connection);
                    });
    }
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
    stop_requested.notify_all();
  }
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(options, std::move(handler))) {}

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
