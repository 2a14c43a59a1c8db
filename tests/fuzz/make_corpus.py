#!/usr/bin/env python3
"""Writes the committed seed corpus of Weft's fuzz targets (tests/fuzz/corpus/<target>/).

Run it again after changing the seeds below; the files are committed so that a fuzz run needs no
Python. The ids 1..4 in paths name the content tests/fuzz/fuzz_support.cc seeds into every store.
Usage: tests/fuzz/make_corpus.py [--json-routes FILE]  (FILE: `WEFT_FUZZ_LIST_ROUTES=1
build-fuzz/fuzz/json_body_fuzz -runs=0` output, to check the route order below).
"""
import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# fuzz::Auth, as the first byte of an http input.
NONE, ADMIN, MEMBER, COOKIE, GUEST = "A", "B", "C", "D", "E"


def cursor(*parts):
    raw = "w1" + "".join("\x1f" + str(p) for p in parts)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def request(method, target, body=None, headers=(), content_type="application/json"):
    lines = [f"{method} {target} HTTP/1.1", "Host: weft.test"]
    lines += list(headers)
    if body is not None:
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + (body or "")


def http_seeds():
    future = "2031-05-01T12:00:00Z"
    seeds = {
        "healthz": NONE + request("GET", "/healthz"),
        "metrics": NONE + request("GET", "/metrics"),
        "openapi": NONE + request("GET", "/api/openapi.json"),
        "static_index": NONE + request("GET", "/", headers=["Accept: text/html"]),
        "static_asset_etag": NONE + request("GET", "/assets/app-0123abcd.js", headers=['If-None-Match: "x"']),
        "spa_fallback": NONE + request("GET", "/people/2?tab=posts"),
        "unknown_api": NONE + request("GET", "/api/v1/nothing"),
        "method_not_allowed": ADMIN + request("DELETE", "/api/v1/units"),
        "signin": NONE + request("POST", "/api/v1/session", {"email": "admin@fuzz.weft", "password": "wrong"}),
        "signin_form": NONE + request("POST", "/api/v1/session", "email=a&password=b",
                                      content_type="application/x-www-form-urlencoded"),
        "session_get": COOKIE + request("GET", "/api/v1/session"),
        "me_head": ADMIN + request("HEAD", "/api/v1/me"),
        "bad_bearer": NONE + request("GET", "/api/v1/me", headers=["Authorization: Bearer weft_nope"]),
        "stale_cookie": NONE + request("GET", "/api/v1/feed", headers=["Cookie: a=b; weft_session=00ff"]),
        "people_page": ADMIN + request("GET", "/api/v1/people?limit=2"),
        "people_cursor": ADMIN + request("GET", "/api/v1/people?limit=1&cursor=" + cursor("Ada Admin", 1)),
        "people_q_unit": MEMBER + request("GET", "/api/v1/people?q=ma%20eng&unit_id=1&skill=sqlite"),
        "person": GUEST + request("GET", "/api/v1/people/%32"),
        "followers_cursor": ADMIN + request("GET", "/api/v1/people/1/followers?cursor=" + cursor(1)),
        "following": MEMBER + request("GET", "/api/v1/people/2/following?limit=100"),
        "person_posts": MEMBER + request("GET", "/api/v1/people/1/posts?cursor=" + cursor(9)),
        "skills": ADMIN + request("GET", "/api/v1/skills?prefix=sq&limit=5"),
        "units": GUEST + request("GET", "/api/v1/units/1"),
        "feed_cursor": ADMIN + request("GET", "/api/v1/feed?limit=1&cursor=" + cursor(3)),
        "topic_feed": MEMBER + request("GET", "/api/v1/topics/launch/feed?cursor=" + cursor(5)),
        "topics": ADMIN + request("GET", "/api/v1/topics?q=la"),
        "space_feed": GUEST + request("GET", "/api/v1/spaces/2/feed"),
        "post": MEMBER + request("GET", "/api/v1/posts/1"),
        "replies_cursor": ADMIN + request("GET", "/api/v1/posts/1/replies?cursor=" + cursor(1)),
        "cascade": ADMIN + request("GET", "/api/v1/posts/1/cascade"),
        "search_all": MEMBER + request("GET", "/api/v1/search?q=ccache+launch"),
        "search_post_cursor": ADMIN + request("GET", "/api/v1/search?q=welcome&type=post&cursor=" + cursor(20)),
        "search_person_cursor": ADMIN + request("GET", "/api/v1/search?q=ma&type=person&limit=1&cursor=" + cursor(1)),
        "search_work": GUEST + request("GET", "/api/v1/search?q=slow%20builds&type=problem"),
        "notifications": MEMBER + request("GET", "/api/v1/notifications?unread=true&cursor=" + cursor(4)),
        "unread_count": MEMBER + request("GET", "/api/v1/notifications/unread_count"),
        "mark_read": MEMBER + request("POST", "/api/v1/notifications/read", {"all": True}),
        "create_post": ADMIN + request("POST", "/api/v1/posts", {"body": "Hi @member, see #launch"}),
        "create_post_cookie": COOKIE + request("POST", "/api/v1/posts", {"body": "From the browser #web", "audience": "followers"}),
        "cookie_no_csrf": NONE + request("POST", "/api/v1/posts", {"body": "x"}, headers=["Cookie: weft_session=abc"]),
        "post_chunked": ADMIN + "POST /api/v1/posts HTTP/1.1\r\nHost: weft.test\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"body\":\"\r\n6\r\nchunk\"\r\n1\r\n}\r\n0\r\n\r\n",
        "reply": MEMBER + request("POST", "/api/v1/posts/1/replies", {"body": "Me too @admin"}),
        "edit_post": ADMIN + request("PATCH", "/api/v1/posts/1", {"body": "Edited #launch"}),
        "delete_post": MEMBER + request("DELETE", "/api/v1/posts/3"),
        "react": GUEST + request("PUT", "/api/v1/posts/1/reactions/celebrate"),
        "follow_person": GUEST + request("PUT", "/api/v1/people/1/follow"),
        "follow_topic": MEMBER + request("PUT", "/api/v1/topics/q3-planning/follow"),
        "endorse": ADMIN + request("POST", "/api/v1/people/2/endorsements", {"skill": "c++"}),
        "unendorse": MEMBER + request("DELETE", "/api/v1/people/1/endorsements/sqlite"),
        "patch_me": MEMBER + request("PATCH", "/api/v1/people/me", {"title": "Engineer", "skills": ["go", "sql"]}),
        "patch_person": ADMIN + request("PATCH", "/api/v1/people/2", {"title": "Lead", "unit_id": None}),
        "create_person": ADMIN + request("POST", "/api/v1/people",
                                         {"name": "Nia New", "email": "nia@fuzz.weft", "password": "long-enough-pw",
                                          "role": "member", "handle": "nia", "skills": ["ops"]}),
        "create_unit": ADMIN + request("POST", "/api/v1/units", {"name": "Ops", "parent_id": "1"}),
        "tokens": ADMIN + request("GET", "/api/v1/tokens"),
        "person_tokens": ADMIN + request("GET", "/api/v1/people/2/tokens"),
        "revoke_person_tokens": ADMIN + request("DELETE", "/api/v1/people/3/tokens"),
        "invitations": ADMIN + request("GET", "/api/v1/spaces/1/invitations"),
        "invite": ADMIN + request("POST", "/api/v1/spaces/1/invitations", {"email": "new@fuzz.weft", "role": "member"}),
        "create_token": MEMBER + request("POST", "/api/v1/tokens", {"name": "ci", "scopes": ["read"]}),
        "spaces": MEMBER + request("GET", "/api/v1/spaces?limit=5&cursor=" + cursor(1)),
        "space": GUEST + request("GET", "/api/v1/spaces/1"),
        "space_members": ADMIN + request("GET", "/api/v1/spaces/1/members?cursor=" + cursor(1)),
        "create_space": MEMBER + request("POST", "/api/v1/spaces",
                                         {"name": "Guild", "purpose": "Chat", "kind": "community", "visibility": "private"}),
        "join_space": GUEST + request("POST", "/api/v1/spaces/1/join"),
        "join_requests": ADMIN + request("GET", "/api/v1/spaces/3/join-requests"),
        "add_member": ADMIN + request("PUT", "/api/v1/spaces/2/members/2", {"role": "member"}),
        "problems": MEMBER + request("GET", "/api/v1/spaces/1/problems?status=open&cursor=" + cursor(2)),
        "problem": GUEST + request("GET", "/api/v1/problems/1"),
        "solution": MEMBER + request("POST", "/api/v1/problems/1/solutions", {"body": "Split the suite"}),
        "accept": ADMIN + request("POST", "/api/v1/problems/1/accept", {"solution_id": "1"}),
        "ideas": ADMIN + request("GET", "/api/v1/spaces/1/ideas?stage=new"),
        "idea_stage": ADMIN + request("POST", "/api/v1/ideas/1/stage", {"stage": "under_review", "note": "Looking"}),
        "idea_vote": MEMBER + request("PUT", "/api/v1/ideas/1/vote", {"value": -1}),
        "proposals": MEMBER + request("GET", "/api/v1/spaces/1/proposals?cursor=" + cursor(1)),
        "proposal": ADMIN + request("GET", "/api/v1/proposals/1"),
        "create_proposal": ADMIN + request("POST", "/api/v1/spaces/1/proposals",
                                           {"title": "Ship it", "body": "Now", "closes_at": future}),
        "stance": GUEST + request("PUT", "/api/v1/proposals/1/stance", {"stance": "block", "reason": "No"}),
        "close": ADMIN + request("POST", "/api/v1/proposals/1/close",
                                 {"outcome": "Adopted", "decision": "accepted", "resolve_problem": True}),
        "stream_upgrade": ADMIN + request("GET", "/api/v1/stream?since=0",
                                          headers=["Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="]),
        "stream_upgrade_cookie": COOKIE + request("GET", "/api/v1/stream?since=3",
                                                  headers=["Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                                                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: http://weft.test"]),
        "stream_plain": ADMIN + request("GET", "/api/v1/stream"),
        "pipelined": MEMBER + request("POST", "/api/v1/posts", {"body": "first #pipe"}) + request("GET", "/api/v1/topics/pipe/feed")
                     + request("GET", "/api/v1/search?q=first", headers=["Connection: close"]),
        # cursor=~a,b: the fuzz target encodes the plain parts (http_fuzz.cc, encode_plain_cursors).
        "plain_cursor_people": ADMIN + request("GET", "/api/v1/people?limit=1&cursor=~Max%20Member,2"),
        "repro_search_person_offset_overflow": MEMBER + request("GET", "/api/v1/search?q=a&type=person&cursor=~2147483647"),
        "plain_cursor_search_post": ADMIN + request("GET", "/api/v1/search?q=welcome&type=post&cursor=~9223372036854775807"),
        "plain_cursor_feed": MEMBER + request("GET", "/api/v1/feed?cursor=~9999999999999999999"),
        "plain_cursor_notifications": MEMBER + request("GET", "/api/v1/notifications?cursor=~0"),
        "plain_cursor_problems": GUEST + request("GET", "/api/v1/spaces/1/problems?cursor=~-1"),
        "http10": NONE + "GET /healthz HTTP/1.0\r\n\r\n",
        "request_id": ADMIN + request("GET", "/api/v1/me", headers=["X-Request-Id: abc-123_x.y"]),
        "forwarded": NONE + request("GET", "/healthz", headers=["X-Forwarded-For: 10.0.0.1, 192.0.2.1", "X-Forwarded-Proto: https"]),
    }
    for name, data in seeds.items():
        write("http", name, data)


# POST/PUT/PATCH routes in the order the App registers them (fuzz::body_routes()).
BODY_ROUTES = [
    "POST /api/v1/session", "PUT /api/v1/me/password", "POST /api/v1/tokens", "POST /api/v1/people",
    "PATCH /api/v1/people/me", "PATCH /api/v1/people/{id}", "POST /api/v1/people/{id}/endorsements",
    "PUT /api/v1/people/{id}/follow", "POST /api/v1/units", "PATCH /api/v1/units/{id}", "POST /api/v1/posts",
    "PATCH /api/v1/posts/{id}", "POST /api/v1/posts/{id}/replies", "PUT /api/v1/posts/{id}/reactions/{kind}",
    "PUT /api/v1/topics/{name}/follow", "POST /api/v1/notifications/read", "POST /api/v1/spaces",
    "PATCH /api/v1/spaces/{id}", "PUT /api/v1/spaces/{id}/members/{person_id}", "POST /api/v1/spaces/{id}/join",
    "POST /api/v1/spaces/{id}/invitations",
    "POST /api/v1/spaces/{id}/problems", "POST /api/v1/problems/{id}/solutions", "PUT /api/v1/solutions/{id}/vote",
    "POST /api/v1/problems/{id}/accept", "POST /api/v1/problems/{id}/reopen", "POST /api/v1/spaces/{id}/ideas",
    "PUT /api/v1/ideas/{id}/vote", "POST /api/v1/ideas/{id}/comments", "POST /api/v1/ideas/{id}/stage",
    "POST /api/v1/spaces/{id}/proposals", "PUT /api/v1/proposals/{id}/stance", "POST /api/v1/proposals/{id}/close",
]


def json_seeds():
    a, b, c, d, e = 0, 1, 2, 3, 4  # fuzz::Auth
    bodies = [
        ("POST /api/v1/session", a, 0, {"email": "member@fuzz.weft", "password": "x"}),
        ("PUT /api/v1/me/password", c, 0, {"current_password": "nope", "new_password": "0123456789"}),
        ("POST /api/v1/tokens", b, 0, {"name": "deploy", "scopes": ["read", "write", "admin"]}),
        ("POST /api/v1/people", b, 0, {"name": "Öla Ünicode", "email": "ola@fuzz.weft", "password": "pw-pw-pw-pw",
                                       "unit_id": "2", "title": "", "bio": "x" * 50, "handle": "ola.u", "skills": ["a", "b"]}),
        ("PATCH /api/v1/people/me", e, 0, {"name": "  Gus  ", "bio": None, "skills": []}),
        ("PATCH /api/v1/people/{id}", b, 1, {"role": "guest", "handle": "mm", "unit_id": "2", "password": "reset-password"}),
        ("POST /api/v1/people/{id}/endorsements", c, 0, {"skill": "leadership"}),
        ("POST /api/v1/units", b, 0, {"name": "Research", "parent_id": None}),
        ("PATCH /api/v1/units/{id}", b, 1, {"name": "Platform 2", "parent_id": "2"}),
        ("POST /api/v1/posts", c, 0, {"body": "Mentions @admin @guest @nobody #topic #Topic #123 #a-b_", "audience": "public"}),
        ("POST /api/v1/posts", b, 0, {"body": "", "reshare_of": "1"}),
        ("POST /api/v1/posts", e, 0, {"body": "Space only", "space_id": "2", "record_id": None}),
        ("PATCH /api/v1/posts/{id}", c, 1, {"body": "edited @admin"}),
        ("POST /api/v1/posts/{id}/replies", e, 0, {"body": "guest reply #q3-planning"}),
        ("PUT /api/v1/posts/{id}/reactions/{kind}", c, 1, {}),
        ("POST /api/v1/notifications/read", c, 0, {"ids": ["1", "2", "99"]}),
        ("POST /api/v1/spaces", c, 0, {"name": "Lab", "purpose": "", "kind": "problem", "visibility": "public"}),
        ("PATCH /api/v1/spaces/{id}", b, 0, {"visibility": "private", "kind": "project"}),
        ("PUT /api/v1/spaces/{id}/members/{person_id}", b, 0b0100, {"role": "guest"}),
        ("POST /api/v1/spaces/{id}/invitations", b, 0, {"email": "Invitee@Example.org", "role": "guest"}),
        ("PATCH /api/v1/people/{id}", b, 1, {"active": False}),
        ("POST /api/v1/tokens", c, 0, {"name": "short", "scopes": ["read"], "expires_at": "2030-01-01T00:00:00Z"}),
        ("POST /api/v1/spaces/{id}/problems", c, 0, {"title": "Flaky tests", "body": "#ci again", "record_id": "1"}),
        ("POST /api/v1/problems/{id}/solutions", e, 0, {"body": "Retry"}),
        ("PUT /api/v1/solutions/{id}/vote", b, 0, {"value": -1}),
        ("POST /api/v1/problems/{id}/accept", b, 0, {"solution_id": "1"}),
        ("POST /api/v1/spaces/{id}/ideas", c, 0, {"title": "Quarantine", "body": "Flaky list", "from_problem_id": "1"}),
        ("PUT /api/v1/ideas/{id}/vote", e, 0, {"value": 0}),
        ("POST /api/v1/ideas/{id}/comments", c, 0, {"body": "Yes @admin"}),
        ("POST /api/v1/ideas/{id}/stage", b, 0, {"stage": "declined", "note": "Later"}),
        ("POST /api/v1/spaces/{id}/proposals", c, 0, {"title": "Vote", "closes_at": "2030-01-01T00:00:00.5Z", "from_idea_id": "1"}),
        ("PUT /api/v1/proposals/{id}/stance", b, 0, {"stance": "abstain"}),
        ("POST /api/v1/proposals/{id}/close", b, 0, {"outcome": "Done", "decision": "rejected", "resolve_problem": False}),
    ]
    for i, (route, auth, choice, body) in enumerate(bodies):
        index = BODY_ROUTES.index(route)
        data = bytes([index, auth, choice]) + json.dumps(body, ensure_ascii=False).encode()
        write("json_body", f"{i:02d}_{route.split()[0].lower()}_{index}", data)
    # Shapes the decoders must refuse: not an object, deep, duplicate keys, bad UTF-8, wrong types.
    odd = [
        b"[]", b"null", b"{", b'{"body":"a","body":"b"}', b'{"body":"\xff"}', b'{"body":"\\ud800"}',
        b"[" * 40 + b"]" * 40, b'{"value":1e400}', b'{"value":-9223372036854775809}',
        b'{"title":12,"body":true,"record_id":5}', b'{"ids":[1,2]}', b'{"scopes":"read","name":""}',
    ]
    for i, body in enumerate(odd):
        write("json_body", f"odd_{i:02d}", bytes([(i * 7) % len(BODY_ROUTES), i % 5, i]) + body)


def text_seeds():
    samples = [
        (24, "Hello @ann.lee and @bob-, see #Launch #q3-planning #123 #a_b_ and mail ann@example.com", "hello launch"),
        (8, "Ünïcödé #café @jörg and 日本語のテキスト #日本", "日本 caf"),
        (3, "&#39; <script>alert('x')</script> & \"quoted\" #tag", "script alert"),
        (0, "a b c d e f g h i j k l m n o p q r s t u v w x y z", "m"),
        (24, "##double #-dash #_under @@twice @a @" + "x" * 45, "x"),
        (24, "q=a%20b&cursor=d2Ex&limit=5&q=second", "q"),
        (24, "weft_session=abc; theme=dark; weft_session=second", "weft_session"),
        (12, "%zz%4%41%e2%82%ac+plus", "%41 +"),
        (24, "fts \"quote\" (paren) NEAR/2 AND OR NOT col:x ^start * - . _", "a.b c-d e_f \"g\" NOT"),
        (24, "\xc3\x28 invalid utf8 \xe2\x82", "\xc3"),
        (24, "...", "- . _"),
    ]
    for i, (words, text, query) in enumerate(samples):
        data = bytes([words]) + text.encode("utf-8", "surrogateescape") + b"\0" + query.encode("utf-8", "surrogateescape")
        write("text", f"{i:02d}", data)
    write("text", "invalid_bytes", bytes([24]) + b"caf\xc3 \xff\xfe #t\xc3\xa9st @a\x80b\0caf\xc3")


def cursor_seeds():
    samples = [
        (1, cursor(42), ""), (1, cursor(42), "100"), (2, cursor("Ada Admin", 7), "5"),
        (2, cursor("Ünïcödé name", 9223372036854775807), "20"), (1, cursor(99999999999999999999), "1"),
        (1, cursor("-1"), "0"), (0, cursor(), "101"), (3, cursor("a", "b", 3), "-5"),
        (1, "not-a-cursor!", ""), (1, cursor(1) + "A", "7x"), (1, "A" * 2049, ""),
        (2, cursor("x" * 500, 1), "2"),
    ]
    for i, (parts, text, limit) in enumerate(samples):
        data = bytes([parts]) + text.encode() + (b"\n" + limit.encode() if limit else b"")
        write("cursor", f"{i:02d}", data)
    write("cursor", "parts", bytes([3]) + b"name|12|\x1fsep|")


def check_routes(path):
    with open(path) as f:
        listed = [line.split(" ", 1)[1].strip() for line in f if line.startswith("route ")]
    if listed != BODY_ROUTES:
        sys.exit("BODY_ROUTES differs from the App's routes:\n" + "\n".join(listed))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--json-routes":
        check_routes(sys.argv[2])
    http_seeds()
    json_seeds()
    text_seeds()
    cursor_seeds()
