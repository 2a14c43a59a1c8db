#include "identity/oidc_client.h"

#include <boost/json.hpp>

#include "core/clock.h"
#include "http/message.h"

namespace weft::identity {
namespace {

constexpr auto kDocumentLife = std::chrono::minutes(10);
constexpr auto kKeysLife = std::chrono::hours(1);
constexpr auto kRefreshGap = std::chrono::seconds(1);  // at most one fetch of new keys a second

std::optional<std::string> text_of(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace

void OidcClient::forget() {
  std::lock_guard lock(mutex_);
  documents_.clear();
  keys_.clear();
  refreshed_.clear();
}

Result<ProviderDocument> OidcClient::discover(const std::string& issuer) {
  std::string text;
  {
    std::lock_guard lock(mutex_);
    if (auto it = documents_.find(issuer); it != documents_.end() && std::chrono::steady_clock::now() - it->second.at < kDocumentLife) {
      text = it->second.value;
    }
  }
  if (text.empty()) {
    std::string url = issuer;
    while (url.ends_with('/')) url.pop_back();
    url += "/.well-known/openid-configuration";
    auto answer = client_.post({.url = url, .headers = {{"Accept", "application/json"}}, .method = "GET"});
    if (answer.status != 200) {
      return invalid("issuer", "The provider's discovery document (" + url + ") could not be read: " +
                                   (answer.status ? "HTTP " + std::to_string(answer.status) : answer.error) + ".");
    }
    text = answer.body;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return invalid("issuer", "The provider's discovery document is not JSON.");
  const auto& doc = value.as_object();
  ProviderDocument out;
  out.issuer = text_of(doc, "issuer").value_or("");
  out.authorization_endpoint = text_of(doc, "authorization_endpoint").value_or("");
  out.token_endpoint = text_of(doc, "token_endpoint").value_or("");
  out.jwks_uri = text_of(doc, "jwks_uri").value_or("");
  out.end_session_endpoint = text_of(doc, "end_session_endpoint");
  if (out.issuer != issuer) {
    return invalid("issuer", "The discovery document names the issuer " + out.issuer + ", not " + issuer + ".");
  }
  if (out.authorization_endpoint.empty() || out.token_endpoint.empty() || out.jwks_uri.empty()) {
    return invalid("issuer", "The discovery document lacks the authorization, token or keys endpoint.");
  }
  std::lock_guard lock(mutex_);
  documents_[issuer] = {text, std::chrono::steady_clock::now()};
  return out;
}

Result<std::string> OidcClient::keys(const std::string& jwks_uri, bool refresh) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(jwks_uri);
    const bool fresh = it != keys_.end() && now - it->second.at < kKeysLife;
    const bool may_refresh = !refreshed_.contains(jwks_uri) || now - refreshed_[jwks_uri] > kRefreshGap;
    if (fresh && (!refresh || !may_refresh)) return it->second.value;
    refreshed_[jwks_uri] = now;
  }
  auto answer = client_.post({.url = jwks_uri, .headers = {{"Accept", "application/json"}}, .method = "GET"});
  if (answer.status != 200) {
    return fail(ErrorCode::kUnavailable, "The identity provider's keys could not be fetched: " +
                                             (answer.status ? "HTTP " + std::to_string(answer.status) : answer.error) + ".");
  }
  std::lock_guard lock(mutex_);
  keys_[jwks_uri] = {answer.body, now};
  return answer.body;
}

Result<std::string> OidcClient::redeem(const ProviderDocument& provider, const std::string& client_id,
                                       const std::string& client_secret, const std::string& code,
                                       const std::string& redirect_uri, const std::string& verifier,
                                       const std::string& nonce) {
  const std::string body = "grant_type=authorization_code&code=" + http::percent_encode(code) +
                           "&redirect_uri=" + http::percent_encode(redirect_uri) + "&client_id=" + http::percent_encode(client_id) +
                           "&client_secret=" + http::percent_encode(client_secret) + "&code_verifier=" + http::percent_encode(verifier);
  auto answer = client_.post({.url = provider.token_endpoint,
                              .headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
                              .body = body});
  if (answer.status != 200) {
    return fail(ErrorCode::kUnauthenticated, "The identity provider did not give a token for the code: " +
                                                 (answer.status ? "HTTP " + std::to_string(answer.status) : answer.error) + ".");
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(answer.body, ec);
  const auto* object = !ec && value.is_object() ? &value.as_object() : nullptr;
  const auto token = object ? text_of(*object, "id_token") : std::nullopt;
  if (!token) return fail(ErrorCode::kUnauthenticated, "The identity provider's answer holds no ID token.");
  const TokenExpectations expect{provider.issuer, client_id, nonce, clock::now_seconds(), 120};
  WEFT_ASSIGN_OR_RETURN(auto jwks, keys(provider.jwks_uri, false));
  auto claims = verify_id_token(*token, jwks, expect);
  if (!claims && claims.error().field == "kid") {
    // The provider may have rotated its keys since they were fetched: fetch them again, once.
    WEFT_ASSIGN_OR_RETURN(jwks, keys(provider.jwks_uri, true));
    claims = verify_id_token(*token, jwks, expect);
  }
  return claims;
}

}  // namespace weft::identity
