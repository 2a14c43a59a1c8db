// Shapes of the Weft HTTP API v1 as the web UI uses them (shared/API.md, docs/design/foundation.md).

export type Role = 'admin' | 'member' | 'guest';

export interface Skill {
  name: string;
  endorsements: number;
  endorsed_by_me?: boolean;
}

export interface Person {
  id: string;
  handle: string;
  name: string;
  email: string;
  title: string;
  unit_id: string | null;
  role: Role;
  skills: Skill[];
  bio: string;
  created_at: string;
}

/** GET /api/v1/people/{id} and GET /api/v1/me add the follow graph around the person. */
export interface PersonDetail extends Person {
  followers_count: number;
  following_count: number;
  followed_by_me: boolean;
}

export interface Unit {
  id: string;
  name: string;
  parent_id: string | null;
  people_count?: number;
}

export interface SkillCount {
  name: string;
  people_count: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface SessionInfo {
  person: Person;
  csrf_token: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface NewPerson {
  name: string;
  email: string;
  password: string;
  role: Role;
  unit_id: string | null;
  title: string;
  handle?: string;
}

export interface ProfileChanges {
  name?: string;
  title?: string;
  bio?: string;
  skills?: string[];
}

export interface AdminPersonChanges {
  name?: string;
  title?: string;
  unit_id?: string | null;
  role?: Role;
  handle?: string;
  bio?: string;
  /** Sets a new password for the person and ends their sessions. */
  password?: string;
}

export type TokenScope = 'read' | 'write' | 'admin';

/** An API token as GET /api/v1/tokens lists it (the secret itself is never listed). */
export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
}

/** POST /api/v1/tokens: the only time the secret `token` is shown. */
export interface CreatedToken {
  id: string;
  token: string;
  name?: string;
  scopes?: TokenScope[];
}

// ---- Social layer (docs/design/social.md) ----

/** The short form of a person embedded in posts, cascades and notifications. */
export interface PersonSummary {
  id: string;
  handle: string;
  name: string;
  title: string;
  unit_id: string | null;
}

export type ReactionKind = 'like' | 'celebrate' | 'insightful' | 'support';
export const kReactionKinds: readonly ReactionKind[] = ['like', 'celebrate', 'insightful', 'support'];

export type Audience = 'public' | 'unit' | 'followers' | 'space';

export interface Post {
  id: string;
  author: PersonSummary;
  /** Markdown source; rendered and sanitized in the browser, never HTML from the server. */
  body: string;
  audience: Audience;
  space_id: string | null;
  record_id: string | null;
  reply_to: string | null;
  root_id: string;
  reshare_of: string | null;
  /** The original of a reshare, when the caller may see it (without its own `reshared`). */
  reshared: Post | null;
  topics: string[];
  mentions: string[];
  reactions: Record<ReactionKind, number>;
  my_reactions: ReactionKind[];
  reply_count: number;
  reshare_count: number;
  created_at: string;
  edited_at: string | null;
  can_edit: boolean;
}

export interface NewPost {
  body: string;
  audience: Audience;
  space_id?: string;
  record_id?: string;
  reshare_of?: string;
}

export interface Topic {
  name: string;
  post_count: number;
  followers_count: number;
  followed_by_me: boolean;
}

export interface CascadeNode {
  post_id: string;
  person: PersonSummary;
  parent: string | null;
  depth: number;
  unit_id: string | null;
}

export interface Cascade {
  root: string;
  nodes: CascadeNode[];
  depth: number;
  breadth: number;
  people_reached: number;
  units_reached: number;
}

export type SearchType = 'post' | 'person' | 'space' | 'problem' | 'idea' | 'record';

export interface SearchHit {
  type: SearchType | string;
  id: string;
  title: string;
  /** Server HTML: escaped text with matches in <mark>; still sanitized before use. */
  snippet: string;
}

export interface AppNotification {
  id: string;
  kind: string;
  actor: PersonSummary | null;
  subject_type: string;
  subject_id: string;
  post_id?: string | null;
  created_at: string;
  read: boolean;
}

/** Frames of GET /api/v1/stream. */
export type StreamMessage =
  | { id: number; type: 'notification'; data: AppNotification }
  | { id: number; type: 'post'; data: Post }
  | { id: number; type: 'hello'; data: { last_event_id: number } };
