// A topic: its counts, follow / unfollow (followed topics feed the home feed), and its posts.

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { feeds, topics as topicsApi } from '../api/endpoints';
import { Alert } from '../components/Alert';
import { topicKey } from '../components/markdown';
import { PostFeed, usePostFeed } from '../components/PostFeed';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { NotFound } from './NotFound';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function Topic({ name: rawName }: { name: string }) {
  const name = topicKey(rawName.replace(/^#/, ''));
  const {
    data: topic,
    missing,
    error: loadError,
    setData: setTopic,
  } = useItem((signal) => topicsApi.get(name, signal), [name], { clearOnChange: true, missingOn: [404, 400] });
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const feed = usePostFeed((cursor, signal) => feeds.topic(name, { cursor, limit: 20 }, signal), `topic:${name}`);
  const error = loadError ?? actionError;

  useEffect(() => setActionError(null), [name]);

  if (missing) return <NotFound what="topic" />;

  const toggle = async () => {
    if (!topic) return;
    setBusy(true);
    setActionError(null);
    const following = topic.followed_by_me;
    try {
      if (following) await topicsApi.unfollow(name);
      else await topicsApi.follow(name);
      setTopic({
        ...topic,
        followed_by_me: !following,
        followers_count: Math.max(0, topic.followers_count + (following ? -1 : 1)),
      });
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page page--feed">
      <header class="topic__header card">
        <div>
          <h1>#{name}</h1>
          {topic && (
            <p class="muted topic__counts">
              <span data-count="topic-posts">{plural(topic.post_count, 'post', 'posts')}</span> ·{' '}
              <span data-count="topic-followers">{plural(topic.followers_count, 'follower', 'followers')}</span>
            </p>
          )}
        </div>
        {topic && (
          <button
            type="button"
            class={`button ${topic.followed_by_me ? 'button--secondary' : 'button--primary'}`}
            onClick={toggle}
            disabled={busy}
          >
            {topic.followed_by_me ? 'Unfollow topic' : 'Follow topic'}
          </button>
        )}
      </header>
      {error && <Alert>{error}</Alert>}
      <PostFeed feed={feed} label={`Posts about #${name}`} empty={
          <p>
            No posts about #{name} yet. Write one from <Link href="/">Home</Link> with #{name} in it, and it shows here.
          </p>
        } />
    </section>
  );
}
