// A post's Markdown body, rendered and sanitized (components/markdown.ts). Topic and mention links
// inside it navigate within the app; every other link opens in a new tab.

import type { TargetedMouseEvent } from 'preact';
import { useMemo } from 'preact/hooks';
import { navigate } from '../state/router';
import { renderPostBody } from './markdown';

export interface PostBodyProps {
  body: string;
  topics: readonly string[];
  /** A post's `mention_handles`: only these @handles are links. Left out, every @handle is. */
  mentionHandles?: readonly string[];
  id?: string;
}

export function PostBody({ body, topics, mentionHandles, id }: PostBodyProps) {
  const html = useMemo(
    () => renderPostBody(body, topics, mentionHandles),
    [body, topics.join(' '), mentionHandles ? mentionHandles.join(' ') : null],
  );

  const onClick = (event: TargetedMouseEvent<HTMLDivElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[data-internal]');
    if (!link || !event.currentTarget.contains(link)) return;
    event.preventDefault();
    navigate(link.getAttribute('href') ?? '/');
  };

  // The HTML comes out of DOMPurify; nothing from the body is concatenated into markup.
  return <div class="post-body" id={id} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
