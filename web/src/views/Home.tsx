// Home: first the work waiting for me ("Your work": stances to take, problems I could help with,
// decisions, my ideas, records and spaces — beside the feed on wide screens, above it on narrow
// ones), with a first-run card for newcomers; then the feed: a composer, then my own posts, people
// and topics I follow, my unit and my spaces, newest first with infinite scroll. Posts announced on the stream wait behind an "N new posts"
// banner (announced politely) and are shown only when asked for: the list never jumps by itself.

import { useEffect, useState } from 'preact/hooks';
import { feeds, me as meApi } from '../api/endpoints';
import type { Post } from '../api/types';
import { Agenda, kAgendaHeadingId } from '../components/Agenda';
import { Composer } from '../components/Composer';
import { FirstRun } from '../components/FirstRun';
import { PostFeed, usePostFeed } from '../components/PostFeed';
import { useItem } from '../components/useItem';
import { onNotification, onPost } from '../state/realtime';
import { Link } from '../state/router';
import { useMe } from '../state/session';

export function Home() {
  const person = useMe();
  const agenda = useItem((signal) => meApi.agenda(signal), []);
  const reloadAgenda = agenda.reload;
  // A notification (a new proposal in my space, a decision, a suggestion…) may change the agenda.
  useEffect(() => onNotification(() => void reloadAgenda()), [reloadAgenda]);
  const feed = usePostFeed((cursor, signal) => feeds.home({ cursor, limit: 20 }, signal), 'home');
  const [waiting, setWaiting] = useState<Post[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());

  useEffect(
    () =>
      onPost((post) => {
        setWaiting((previous) => (previous.some((p) => p.id === post.id) ? previous : [post, ...previous]));
      }),
    [],
  );

  // A post that is already listed (e.g. loaded by scrolling) is not "new".
  const shown = new Set(feed.items.map((p) => p.id));
  const pending = waiting.filter((p) => !shown.has(p.id));

  const showNew = () => {
    const sorted = [...pending].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    feed.prepend(sorted);
    setFresh(new Set(sorted.map((p) => p.id)));
    setWaiting([]);
    window.scrollTo({ top: 0 });
    const first = sorted[0];
    if (first) requestAnimationFrame(() => document.getElementById(`post-${first.id}`)?.focus());
  };

  const count = pending.length;
  return (
    <section class="page page--home">
      <header class="page__header">
        <h1>Home</h1>
        <Link href="/search">Search posts and people</Link>
      </header>
      {agenda.data && (
        <FirstRun
          personId={person.id}
          started={agenda.data.getting_started}
          onDismiss={() => requestAnimationFrame(() => document.getElementById(kAgendaHeadingId)?.focus())}
        />
      )}
      <div class="home-columns">
        <Agenda
          agenda={agenda.data}
          loading={agenda.loading}
          error={agenda.error}
          onChange={(update) => agenda.setData((a) => (a ? update(a) : a))}
          onReload={() => void reloadAgenda()}
        />
        <div class="home-feed">
          <Composer
            onPosted={(post) => {
              feed.prepend([post]);
              setFresh(new Set([post.id]));
            }}
          />
          <div class="new-posts" aria-live="polite">
            {count > 0 && (
              <button type="button" class="button button--primary new-posts__button" onClick={showNew}>
                {count === 1 ? 'Show 1 new post' : `Show ${count} new posts`}
              </button>
            )}
          </div>
          <PostFeed
            feed={feed}
            label="Home feed"
            fresh={fresh}
            empty={
              <p>
                Nothing here yet. Write the first post, or <Link href="/people">follow some people</Link>.
              </p>
            }
          />
        </div>
      </div>
    </section>
  );
}
