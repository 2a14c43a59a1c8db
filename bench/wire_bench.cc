// What reading a request body by its shape (wire::read) costs against the hand-written reads it
// replaced, and what writing an answer by its shape costs: a new post's body and a thread's post.
// Built with the rest (`make build`; WEFT_BENCH, on by default); run build/weft_bench.
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>

#include "actions/posts.h"
#include "core/json.h"
#include "core/limits.h"
#include "wire/shape.h"

namespace weft {
namespace {

const char* kBody =
    R"({"body":"Anyone tried the new #logistics forecast for the Lyon depot? @ada says the March figure looks off.",)"
    R"("audience":"space","space_id":"1234","record_id":null})";

const auto kNewPost = [](auto& r, actions::NewPost& p) {
  r.id_or_null("reshare_of", p.reshare_of);
  r.text("body", p.body, {.sometimes = true, .length = limits::kPostBody});
  r.text("audience", p.audience, {.sometimes = true, .length = limits::kChoice});
  r.id_or_null("space_id", p.space_id);
  r.id_or_null("record_id", p.record_id);
};

void ReadByShape(benchmark::State& state) {
  const auto body = boost::json::parse(kBody).as_object();
  for (auto _ : state) {
    actions::NewPost post;
    auto read = wire::read(body, post, kNewPost);
    benchmark::DoNotOptimize(read);
    benchmark::DoNotOptimize(post);
  }
}
BENCHMARK(ReadByShape);

// The reads api/posts.cc made before (json:: helpers one field at a time).
void ReadByHand(benchmark::State& state) {
  const auto body = boost::json::parse(kBody).as_object();
  for (auto _ : state) {
    actions::NewPost post;
    auto reshare = json::optional_id(body, "reshare_of");
    post.reshare_of = reshare->value;
    auto text = json::required_string(body, "body", {0, limits::kPostBody.max});
    post.body = *text;
    auto audience = json::optional_string(body, "audience", {limits::kChoice.min, limits::kChoice.max});
    post.audience = audience->value_or("public");
    auto space = json::optional_id(body, "space_id");
    post.space_id = space->value;
    auto record = json::optional_id(body, "record_id");
    post.record_id = record->value;
    benchmark::DoNotOptimize(post);
  }
}
BENCHMARK(ReadByHand);

Post sample_post() {
  Post p;
  p.id = 987654;
  p.author = {.id = 42, .handle = "ada", .name = "Ada Lovelace", .title = "Analyst", .unit_id = 7, .avatar_version = 3};
  p.body = "Anyone tried the new #logistics forecast for the Lyon depot? @ada says the March figure looks off.";
  p.audience = "space";
  p.space_id = 1234;
  p.root_id = 987654;
  p.topics = {"logistics"};
  p.mentions = {42};
  p.mention_handles = {"ada"};
  p.reply_count = 3;
  p.created_at = 1796144400;
  return p;
}

void WritePostByShape(benchmark::State& state) {
  const Post post = sample_post();
  for (auto _ : state) {
    auto out = wire::post_json(post);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(WritePostByShape);

void OpenApiSchemas(benchmark::State& state) {
  for (auto _ : state) {
    auto schemas = wire::schemas();
    benchmark::DoNotOptimize(schemas);
  }
}
BENCHMARK(OpenApiSchemas);

}  // namespace
}  // namespace weft
