// A space's feed: its posts newest first, a composer for members (audience "space"), and posts
// of this space arriving on the realtime stream put at the top.

import { useEffect, useState } from 'preact/hooks';
import { feeds } from '../../api/endpoints';
import type { Space } from '../../api/types';
import { Composer } from '../../components/Composer';
import { PostFeed, usePostFeed } from '../../components/PostFeed';
import { onPost } from '../../state/realtime';

export function SpaceFeed({ space }: { space: Space }) {
  const feed = usePostFeed((cursor, signal) => feeds.space(space.id, { cursor, limit: 20 }, signal), `space:${space.id}`);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const { prepend } = feed;

  useEffect(
    () =>
      onPost((post) => {
        if (post.space_id !== space.id || post.reply_to) return;
        prepend([post]);
        setFresh((previous) => new Set([...previous, post.id]));
      }),
    [space.id, prepend],
  );

  const note =
    space.visibility === 'public'
      ? 'Everyone in the organization can read this space.'
      : 'Only members of this space can read it.';
  return (
    <div class="page--feed space-feed">
      {space.my_role ? (
        <Composer
          label={`New post in ${space.name}`}
          space={{ id: space.id, name: space.name, note }}
          onPosted={(post) => {
            prepend([post]);
            setFresh(new Set([post.id]));
          }}
        />
      ) : (
        <p class="muted">Join the space to post in it.</p>
      )}
      <PostFeed
        feed={feed}
        label={`Posts in ${space.name}`}
        fresh={fresh}
        empty={
          <p>
            No posts in this space yet.{' '}
            {space.my_role ? 'Start the conversation with the box above.' : 'Join the space to start the conversation.'}
          </p>
        }
      />
    </div>
  );
}
