// The webhook client on Boost.Beast and OpenSSL (see client.h). Each call runs its own io_context
// on the calling thread: resolve, vet every address, connect to the vetted ones, TLS with
// certificate and host name verification, POST with Connection: close, read at most max_body of
// the answer. Every step runs under what is left of one deadline.
#include "http/client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include "http/address_guard.h"

namespace weft::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

class BeastClient final : public Client {
 public:
  // The TLS context (and the system's certificates it loads, tens of milliseconds) is made once
  // and shared by every call; OpenSSL allows that across threads.
  explicit BeastClient(ClientOptions options)
      : options_(std::move(options)), tls_(asio::ssl::context::tls_client) {
    tls_.set_default_verify_paths();
    tls_.set_verify_mode(asio::ssl::verify_peer);
  }

  ClientResponse post(const ClientRequest& request) override {
    ClientResponse out;
    const auto started = Clock::now();
    auto finish = [&] {
      out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      return out;
    };
    auto url = boost::urls::parse_absolute_uri(request.url);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->encoded_host().empty()) {
      out.error = "The URL is not an http or https URL.";
      return finish();
    }
    Target target;
    target.tls = url->scheme() == "https";
    target.host = url->host();
    if (target.host.size() > 2 && target.host.front() == '[') target.host = target.host.substr(1, target.host.size() - 2);
    target.port = url->has_port() ? std::string(url->port()) : (target.tls ? "443" : "80");
    target.path = std::string(url->encoded_path());
    if (target.path.empty()) target.path = "/";
    if (url->has_query()) target.path += "?" + std::string(url->encoded_query());
    target.host_header = std::string(url->encoded_host_and_port());

    asio::io_context io;
    const auto deadline = started + options_.timeout;
    bool done = false;
    asio::co_spawn(io, exchange(target, request, tls_, deadline, out),
                   [&](std::exception_ptr failure) {
                     done = true;
                     if (!failure) return;
                     try {
                       std::rethrow_exception(failure);
                     } catch (const std::exception& e) {
                       if (out.error.empty()) out.error = e.what();
                     }
                   });
    io.run_until(deadline + std::chrono::milliseconds(50));
    if (!done) {
      out.status = 0;
      out.error = "No answer within " + std::to_string(options_.timeout.count() / 1000) + " s.";
    }
    return finish();
  }

 private:
  struct Target {
    bool tls = false;
    std::string host, port, path, host_header;
  };

  static std::chrono::milliseconds left(Clock::time_point deadline) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(ms, std::chrono::milliseconds(1));
  }

  template <typename Stream>
  asio::awaitable<void> send(Stream& stream, beast::tcp_stream& timed, const Target& target,
                             const ClientRequest& request, Clock::time_point deadline, ClientResponse& out) {
    const bool get = request.method == "GET";
    bhttp::request<bhttp::string_body> message{get ? bhttp::verb::get : bhttp::verb::post, target.path, 11};
    message.set(bhttp::field::host, target.host_header);
    message.set(bhttp::field::user_agent, "Weft-Webhooks/1");
    if (!get) message.set(bhttp::field::content_type, "application/json");
    message.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.prepare_payload();
    timed.expires_after(left(deadline));
    co_await bhttp::async_write(stream, message, asio::use_awaitable);

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options_.max_body);
    timed.expires_after(left(deadline));
    beast::error_code ec;
    co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw beast::system_error(ec);
    out.status = static_cast<int>(parser.get().result_int());
    if (auto retry = parser.get().find(bhttp::field::retry_after); retry != parser.get().end()) {
      out.retry_after = std::string(retry->value());
    }
    timed.expires_after(left(deadline));
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    // A body over the limit is cut off; an answer that ends early still has its status.
    out.body = parser.get().body().substr(0, options_.max_body);
  }

  asio::awaitable<void> exchange(Target target, const ClientRequest& request, asio::ssl::context& tls,
                                 Clock::time_point deadline, ClientResponse& out) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto results = co_await resolver.async_resolve(target.host, target.port, asio::use_awaitable);
    std::vector<tcp::endpoint> endpoints;
    for (const auto& entry : results) {
      const std::string address = entry.endpoint().address().to_string();
      if (!options_.allow_private && forbidden_address(address, options_.own_addresses)) {
        out.refused = true;
        out.error = "The URL resolves to a loopback, private, link-local or this server's own address (" + address +
                    ").";
        co_return;
      }
      endpoints.push_back(entry.endpoint());
    }
    if (endpoints.empty()) {
      out.error = "The URL's host does not resolve.";
      co_return;
    }
    beast::tcp_stream stream(executor);
    stream.expires_after(left(deadline));
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    if (!target.tls) {
      co_await send(stream, stream, target, request, deadline, out);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), tls);
    if (!SSL_set_tlsext_host_name(secure.native_handle(), target.host.c_str())) {
      out.error = "TLS: the host name cannot be sent.";
      co_return;
    }
    secure.set_verify_callback(asio::ssl::host_name_verification(target.host));
    secure.next_layer().expires_after(left(deadline));
    co_await secure.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    co_await send(secure, secure.next_layer(), target, request, deadline, out);
  }

  ClientOptions options_;
  asio::ssl::context tls_;
};

}  // namespace

std::unique_ptr<Client> make_client(ClientOptions options) { return std::make_unique<BeastClient>(std::move(options)); }

}  // namespace weft::http
