// A post's Markdown body, rendered and sanitized (components/markdown.ts). Topic and mention links,
// and links to Weft's own pages, navigate within the app; every other link opens in a new tab.

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
  /** False: links to Weft's own pages open in a new tab too (a preview beside unsaved text). */
  inAppLinks?: boolean;
}

export function PostBody({ body, topics, mentionHandles, id, inAppLinks = true }: PostBodyProps) {
  const html = useMemo(
    () => renderPostBody(body, topics, mentionHandles, inAppLinks),
    [body, topics.join(' '), mentionHandles ? mentionHandles.join(' ') : null, inAppLinks],
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
