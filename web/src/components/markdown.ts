// Post bodies are Markdown text from the server. They are turned into HTML here with `marked`,
// sanitized with DOMPurify, and only then touched: a link to a page of Weft itself (a page, a
// problem, an idea, a proposal, a record, a space, a person) stays in the app, any other link opens
// in a new tab without an opener, and #topics and @handles in plain text become in-app links, built
// with DOM calls on the sanitized tree (never by pasting body text into HTML). Raw HTML typed into a
// post is shown as text.

import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const kAllowedTags = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'li', 'ol', 'p', 'pre',
  's', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const kAllowedAttributes = ['href', 'title', 'alt', 'src', 'start', 'align', 'colspan', 'rowspan'];

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Typed-in HTML is shown as the text it is.
    html({ text }) {
      return escapeHtml(text);
    },
    // A post lives under the page's own headings: # in a post is at most an h3.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

/** Same-origin or data: images only (the CSP allows nothing else). */
function allowedImage(src: string): boolean {
  if (/^data:image\/(png|gif|jpeg|webp);/i.test(src)) return true;
  try {
    return new URL(src, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/** The web UI's own routes a body may link to: `/problems/12`, `/people/@ada`, `/pages/3/history`. */
const kInAppPath =
  /^\/(?:pages\/\d+(?:\/(?:edit|history))?|(?:problems|ideas|proposals|records|spaces|posts)\/\d+|people\/[^/]+|topics\/[^/]+)\/?$/;

/**
 * The in-app path of `href` when it is one of Weft's own pages on this server (a path, or a full
 * URL of this origin), else null. The sanitizer has already dropped unsafe schemes; this only
 * ever answers a path on this origin.
 */
export function inAppPath(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href, window.location.href);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.username || url.password || !kInAppPath.test(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}

/** Set for one sanitize call: whether links to Weft's own pages stay in the app. */
let keepInApp = true;

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const anchor = node as HTMLAnchorElement;
    const href = anchor.getAttribute('href');
    if (href === null) return;
    const path = keepInApp ? inAppPath(href) : null;
    if (path) {
      anchor.setAttribute('href', path);
      anchor.setAttribute('data-internal', '');
    } else {
      anchor.setAttribute('rel', 'noopener noreferrer');
      anchor.setAttribute('target', '_blank');
    }
  } else if (node.nodeName === 'IMG') {
    const image = node as HTMLImageElement;
    const src = image.getAttribute('src') ?? '';
    if (!src || !allowedImage(src)) {
      const alt = image.getAttribute('alt') ?? '';
      image.replaceWith(document.createTextNode(alt ? `[image: ${alt}]` : '[image]'));
    }
  }
});

/** `#topic` as the server reads it: not after a letter, digit, & or #; letters, digits, _ and -. */
const kTopic = /(?<![\p{L}\p{N}&#])#([\p{L}\p{N}_-]{1,80})/gu;
/** `@handle`: not after a letter, digit or @ (e-mail addresses). */
const kMention = /(?<![\p{L}\p{N}@])@([a-z0-9._-]{2,60})/giu;

interface Token {
  start: number;
  end: number;
  kind: 'topic' | 'mention';
  value: string;
}

/** The handles that are mentions (lowercase); undefined: every @handle is one. */
type Handles = ReadonlySet<string> | undefined;

function findTokens(text: string, topics: ReadonlySet<string>, handles: Handles): Token[] {
  const found: Token[] = [];
  for (const match of text.matchAll(kTopic)) {
    const name = match[1]!.replace(/[-_]+$/, '');
    const lower = topicKey(name);
    if (!name || /^\d+$/.test(name) || !topics.has(lower)) continue;
    found.push({ start: match.index!, end: match.index! + 1 + name.length, kind: 'topic', value: lower });
  }
  for (const match of text.matchAll(kMention)) {
    const handle = match[1]!.replace(/[.-]+$/, '');
    if (handle.length < 2 || handle.length > 40) continue;
    if (handles && !handles.has(handle.toLowerCase())) continue;
    found.push({ start: match.index!, end: match.index! + 1 + handle.length, kind: 'mention', value: handle.toLowerCase() });
  }
  found.sort((a, b) => a.start - b.start);
  const out: Token[] = [];
  let last = -1;
  for (const token of found) {
    if (token.start < last) continue;
    out.push(token);
    last = token.end;
  }
  return out;
}

/** Topic names are stored with ASCII letters lowercased (other scripts as typed), like the server. */
export function topicKey(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function topicHref(name: string): string {
  return `/topics/${encodeURIComponent(name)}`;
}

export function handleHref(handle: string): string {
  return `/people/@${encodeURIComponent(handle)}`;
}

function linkify(root: Node, topics: ReadonlySet<string>, handles: Handles): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let parent = node.parentNode; parent && parent !== root; parent = parent.parentNode) {
        const name = parent.nodeName;
        if (name === 'A' || name === 'CODE' || name === 'PRE') return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) textNodes.push(node as Text);

  for (const node of textNodes) {
    const text = node.data;
    const tokens = findTokens(text, topics, handles);
    if (tokens.length === 0) continue;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const token of tokens) {
      if (token.start > at) fragment.append(text.slice(at, token.start));
      const link = document.createElement('a');
      link.textContent = text.slice(token.start, token.end);
      if (token.kind === 'topic') {
        link.href = topicHref(token.value);
        link.className = 'post-body__topic';
      } else {
        link.href = handleHref(token.value);
        link.className = 'post-body__mention';
      }
      link.setAttribute('data-internal', '');
      fragment.append(link);
      at = token.end;
    }
    if (at < text.length) fragment.append(text.slice(at));
    node.replaceWith(fragment);
  }
}

/**
 * Markdown body → sanitized HTML with topic and mention links. `mentionHandles`: the handles of
 * the people mentioned who exist (a post's `mention_handles`); only those @handles become links,
 * other @words stay text. Left out, every @handle is a link. `inAppLinks` false: links to Weft's
 * own pages open in a new tab like any other (an editor's preview, where leaving would lose the edit).
 */
export function renderPostBody(
  body: string,
  topics: readonly string[],
  mentionHandles?: readonly string[],
  inAppLinks = true,
): string {
  const html = markdown.parse(body, { async: false }) as string;
  keepInApp = inAppLinks;
  let root: HTMLElement;
  try {
    root = purifier.sanitize(html, {
      ALLOWED_TAGS: kAllowedTags,
      ALLOWED_ATTR: kAllowedAttributes,
      ALLOW_DATA_ATTR: false,
      RETURN_DOM: true,
    }) as HTMLElement;
  } finally {
    keepInApp = true;
  }
  const handles = mentionHandles ? new Set(mentionHandles.map((h) => h.toLowerCase())) : undefined;
  linkify(root, new Set(topics.map(topicKey)), handles);
  return root.innerHTML;
}

const snippetPurifier = DOMPurify(window);

/** A search snippet: text with <mark> around matches, and nothing else. */
export function sanitizeSnippet(html: string): string {
  return snippetPurifier.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });
}
