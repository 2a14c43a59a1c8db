// Avatars: PUT /api/v1/me/avatar (a photo as base64 in JSON, resized here), DELETE it, and
// GET /api/v1/people/{id}/avatar (the JPEG, for those who may see the person).
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "events/event_log.h"
#include "media/avatar.h"
#include "queries/people.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

struct AvatarIn {
  std::string image;
};
const auto kAvatarUpload = [](auto& r, AvatarIn& in) {
  r.text("image", in.image, {.description = "a PNG or a JPEG up to 700 KB, as base64 or a data: URL",
                             .length = {1, 1024 * 1024}});
};

Result<http::Response> put_avatar(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  AvatarIn in;
  WEFT_TRY_VOID(wire::read(body, in, kAvatarUpload));
  const std::string& text = in.image;
  // A data: URL as browsers make them, or plain base64.
  std::string_view encoded = text;
  if (encoded.starts_with("data:")) {
    const auto comma = encoded.find(',');
    if (comma == std::string_view::npos || encoded.substr(0, comma).find(";base64") == std::string_view::npos) {
      return invalid("image", "image must be base64 (or a data: URL with ;base64).");
    }
    encoded.remove_prefix(comma + 1);
  }
  auto bytes = crypto::base64_decode(encoded);
  if (!bytes) return invalid("image", "image must be base64 (or a data: URL with ;base64).");
  WEFT_ASSIGN_OR_RETURN(auto jpeg, media::make_avatar(*bytes));
  const Viewer viewer = context.viewer();
  const int64_t now = clock::now_seconds();
  WEFT_TRY_VOID(discard_value(store::transact(context.app.store, [&](store::Connection& c) -> Result<bool> {
    c.execute("INSERT INTO avatars (person_id, jpeg, updated_at) VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE "
              "SET jpeg = excluded.jpeg, updated_at = excluded.updated_at",
              {viewer.person_id, crypto::base64_encode(jpeg), now});
    c.execute("UPDATE people SET avatar_version = ? WHERE id = ?", {now, viewer.person_id});
    events::append(c, {.actor_id = viewer.person_id, .object_id = viewer.person_id, .payload = events::PersonUpdated{}});
    return true;
  })));
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(context.app.store, viewer, viewer.person_id));
  return json_response(200, wire::person_json(person, true));
}

Result<http::Response> delete_avatar(http::Context& context) {
  const Viewer viewer = context.viewer();
  WEFT_TRY_VOID(discard_value(store::transact(context.app.store, [&](store::Connection& c) -> Result<bool> {
    if (c.execute("DELETE FROM avatars WHERE person_id = ?", {viewer.person_id}) > 0) {
      c.execute("UPDATE people SET avatar_version = NULL WHERE id = ?", {viewer.person_id});
      events::append(c, {.actor_id = viewer.person_id, .object_id = viewer.person_id, .payload = events::PersonUpdated{}});
    }
    return true;
  })));
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Result<http::Response> get_avatar(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  // Only for those who may see the person (404 otherwise, as for the person).
  WEFT_TRY_VOID(discard_value(queries::person(context.app.store, context.viewer(), id)));
  auto stored = store::read(context.app.store, [&](store::Connection& c) -> Result<std::optional<std::string>> {
    return c.query_text("SELECT jpeg FROM avatars WHERE person_id = ?", {id});
  });
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return not_found("No photo for this person.");
  auto jpeg = crypto::base64_decode(**stored);
  if (!jpeg) return fail(ErrorCode::kInternal, "The stored photo is damaged.");
  http::Response response;
  const std::string etag = "\"" + crypto::sha256_hex(*jpeg).substr(0, 16) + "\"";
  response.set_header("ETag", etag);
  // Private: only signed-in people who may see the person get it; the URL changes with each photo.
  response.set_header("Cache-Control", "private, max-age=86400");
  if (context.request.header("if-none-match") == etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = "image/jpeg";
  response.body = std::move(*jpeg);
  return response;
}

}  // namespace

void register_avatar_routes(App& app) {
  app.shapes->define_input<AvatarIn>("AvatarUpload", kAvatarUpload);
  using http::Access;
  app.router.add("PUT", "/api/v1/me/avatar", Access::kSignedIn,
                 {.summary = "Set my photo: {\"image\": base64 or a data: URL} of a PNG or a JPEG up to 700 KB; "
                             "cropped to a centred square and resized to 256×256 here",
                  .tag = "people", .request_schema = "AvatarUpload", .response_schema = "PersonDetail"},
                 put_avatar);
  app.router.add("DELETE", "/api/v1/me/avatar", Access::kSignedIn,
                 {.summary = "Remove my photo (initials are shown instead)", .tag = "people", .status = 204},
                 delete_avatar);
  app.router.add("GET", "/api/v1/people/{id}/avatar", Access::kSignedIn,
                 {.summary = "A person's photo (image/jpeg, 256×256); 404 when they have none", .tag = "people"},
                 get_avatar);
}

}  // namespace weft::api
