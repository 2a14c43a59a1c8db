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
