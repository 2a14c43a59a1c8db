#include <gtest/gtest.h>

#include "http/message.h"
#include "http/router.h"

namespace weft {
namespace {

http::Request request(std::string method, std::string path, std::string query = "") {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.query_string = std::move(query);
  return r;
}

TEST(Router, MatchesParametersPrefersLiteralsAndAnswers405And404) {
  http::Router router;
  std::string seen;
  router.add("GET", "/api/v1/people/{id}", http::Access::kPublic, {},
             [&](http::Context& c) -> Result<http::Response> {
               seen = "id=" + c.param("id");
               return http::Response::no_content();
             });
  router.add("GET", "/api/v1/people/me", http::Access::kPublic, {},
             [&](http::Context&) -> Result<http::Response> {
               seen = "me";
               return http::Response::no_content();
             });
  App* no_app = nullptr;
  std::string label;
  router.dispatch(request("GET", "/api/v1/people/42"), *no_app, &label);
  EXPECT_EQ(seen, "id=42");
  EXPECT_EQ(label, "/api/v1/people/{id}");
  router.dispatch(request("GET", "/api/v1/people/me"), *no_app, &label);
  EXPECT_EQ(seen, "me");
  auto wrong_method = router.dispatch(request("POST", "/api/v1/people/42"), *no_app, &label);
  EXPECT_EQ(wrong_method.status, 405);
  auto missing = router.dispatch(request("GET", "/api/v1/nothing"), *no_app, &label);
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("\"not_found\""), std::string::npos);
}

TEST(Router, SignedInRoutesNeedCredentialsAndCookieWritesNeedCsrf) {
  http::Router router;
  router.set_authenticator([](const http::Request& r, bool*, bool*) -> std::optional<Authenticated> {
    if (r.header("cookie").empty()) return std::nullopt;
    Authenticated auth;
    auth.by_cookie = true;
    auth.csrf_token = "right";
    return auth;
  });
  router.add("POST", "/api/v1/things", http::Access::kSignedIn, {},
             [](http::Context&) -> Result<http::Response> { return http::Response::no_content(); });
  App* no_app = nullptr;
  std::string label;
  auto anonymous = request("POST", "/api/v1/things");
  EXPECT_EQ(router.dispatch(anonymous, *no_app, &label).status, 401);
  auto cookie = anonymous;
  cookie.headers = {{"cookie", "weft_session=x"}};
  EXPECT_EQ(router.dispatch(cookie, *no_app, &label).status, 403);
  cookie.headers.push_back({"x-csrf-token", "right"});
  EXPECT_EQ(router.dispatch(cookie, *no_app, &label).status, 204);
}

TEST(Router, HandlerExceptionsBecomeAnOpaque500) {
  http::Router router;
  router.add("GET", "/boom", http::Access::kPublic, {},
             [](http::Context&) -> Result<http::Response> { throw std::runtime_error("secret detail"); });
  App* no_app = nullptr;
  std::string label;
  auto response = router.dispatch(request("GET", "/boom"), *no_app, &label);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST(Message, QueryAndCookieParsing) {
  auto r = request("GET", "/x", "q=ana+kim&skill=C%2B%2B&empty=");
  r.headers = {{"cookie", "a=1; weft_session=abc; b=2"}};
  EXPECT_EQ(r.query("q"), "ana kim");
  EXPECT_EQ(r.query("skill"), "C++");
  EXPECT_TRUE(r.has_query("empty"));
  EXPECT_FALSE(r.has_query("absent"));
  EXPECT_EQ(r.cookie("weft_session"), "abc");
  EXPECT_EQ(r.cookie("zzz"), "");
}

}  // namespace
}  // namespace weft
