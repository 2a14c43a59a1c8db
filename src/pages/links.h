// Links in knowledge pages. A page's Markdown may link to another page or to a problem, idea,
// proposal or record by the path the web UI shows it at ("[the decision](/proposals/12)", also a
// full address of this server, an autolink "<…>" or a reference definition "[x]: /ideas/4").
// The page_links subscriber keeps, for each page, the links its current text holds, so that the
// target can show the pages that link to it (backlinks). It is a view of what pages say now,
// rebuilt from the pages table rather than by replaying the log.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/subscriber.h"

namespace weft::pages {

struct Link {
  std::string type;  // page, problem, idea, proposal, record
  int64_t id = 0;
  bool operator==(const Link&) const = default;
};

// At most this many links are kept per page.
inline constexpr std::size_t kMaxLinksPerPage = 500;

// The links a page's text holds, each once, in the order they first appear; links inside fenced
// code blocks and inline code are examples, not links.
std::vector<Link> links_in(std::string_view markdown);

// True for the kinds of item a page may link to.
bool linkable_type(std::string_view type);

class LinkSubscriber final : public events::Subscriber {
 public:
  explicit LinkSubscriber(store::Store& store) : store_(store) {}
  std::string name() const override { return "page_links"; }
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override;
  Result<void> begin_rebuild(store::Connection& c) override;
  bool rebuilt_from_state() const override { return true; }
  Result<void> rebuild_from_state(store::Connection& c,
                                  const std::function<void(int64_t, int64_t)>& progress) override;

 private:
  store::Store& store_;
};

// Replaces the links of one page with those of its current text (none when the page is gone).
void relink(store::Connection& c, int64_t page_id);

}  // namespace weft::pages
