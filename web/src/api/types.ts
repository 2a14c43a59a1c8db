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
  /** False once an administrator has deactivated the person (they cannot sign in). */
  active?: boolean;
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

/** GET /posts/{id}/thread: the root, the first page of its replies, and the reply asked for. */
export interface ThreadPage extends Page<Post> {
  root: Post;
  focus_id: string | null;
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
  /** false deactivates (ends sessions, revokes tokens, closes streams); true reactivates. */
  active?: boolean;
}

export type TokenScope = 'read' | 'write' | 'admin';

/** An API token as GET /api/v1/tokens lists it (the secret itself is never listed). */
export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
  /** When the token stops working, or null for a token that does not expire. */
  expires_at?: string | null;
}

/** POST /api/v1/tokens: the only time the secret `token` is shown. */
export interface CreatedToken {
  id: string;
  token: string;
  name?: string;
  scopes?: TokenScope[];
  expires_at?: string | null;
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

export type SearchType = 'post' | 'person' | 'space' | 'problem' | 'idea' | 'proposal' | 'record';

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
  space_id?: string | null;
  created_at: string;
  read: boolean;
}

/** Frames of GET /api/v1/stream. */
export type StreamMessage =
  | { id: number; type: 'notification'; data: AppNotification }
  | { id: number; type: 'post'; data: Post }
  | { id: number; type: 'hello'; data: { last_event_id: number } };

// ---- Collaborative layer (docs/design/collaboration.md) ----

export type SpaceKind = 'project' | 'problem' | 'community';
export type SpaceVisibility = 'public' | 'private' | 'secret';
export type SpaceRole = 'owner' | 'member' | 'guest';

export interface Space {
  id: string;
  name: string;
  purpose: string;
  kind: SpaceKind;
  visibility: SpaceVisibility;
  member_count: number;
  my_role: SpaceRole | null;
  join_requested: boolean;
  created_at: string;
}

export interface NewSpace {
  name: string;
  purpose: string;
  kind: SpaceKind;
  visibility: SpaceVisibility;
}

export interface SpaceMember {
  person: PersonSummary;
  role: SpaceRole;
  joined_at: string;
}

/** A pending invitation to a space by e-mail; it becomes a membership when that e-mail signs in. */
export interface SpaceInvitation {
  id: string;
  space_id: string;
  email: string;
  role: 'member' | 'guest';
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface JoinRequest {
  person: PersonSummary;
  requested_at: string;
}

export interface ChainProblem {
  id: string;
  title: string;
  status: ProblemStatus;
  people: PersonSummary[];
}

export interface ChainIdea {
  id: string;
  title: string;
  stage: IdeaStage;
  people: PersonSummary[];
}

export interface ChainProposal {
  id: string;
  title: string;
  status: ProposalStatus;
  outcome: string | null;
  decision: Decision | null;
  people: PersonSummary[];
}

/** problem → ideas → proposals → decision, as far as the caller may see. */
export interface Chain {
  problem: ChainProblem | null;
  ideas: ChainIdea[];
  proposals: ChainProposal[];
}

export type ProblemStatus = 'open' | 'resolved';

export interface Solution {
  id: string;
  problem_id: string;
  author: PersonSummary;
  body: string;
  votes: number;
  my_vote: Vote;
  accepted: boolean;
  created_at: string;
}

export type Vote = -1 | 0 | 1;

export interface Problem {
  id: string;
  space_id: string;
  title: string;
  body: string;
  author: PersonSummary;
  status: ProblemStatus;
  accepted_solution_id: string | null;
  suggested_experts: unknown[];
  solution_count: number;
  record_id: string | null;
  created_at: string;
  resolved_at: string | null;
  resolution_seconds: number | null;
}

export interface ProblemDetail extends Problem {
  solutions: Solution[];
  chain: Chain;
}

export type IdeaStage = 'new' | 'under_review' | 'accepted' | 'implemented' | 'declined';

export interface Idea {
  id: string;
  space_id: string;
  title: string;
  body: string;
  author: PersonSummary;
  stage: IdeaStage;
  score: number;
  my_vote: Vote;
  from_problem_id: string | null;
  comment_count: number;
  created_at: string;
  stage_changed_at: string;
}

export interface IdeaComment {
  id: string;
  author: PersonSummary;
  body: string;
  created_at: string;
}

export interface StageChange {
  stage: IdeaStage;
  note: string;
  by: PersonSummary | null;
  at: string;
}

export interface IdeaDetail extends Idea {
  comments: IdeaComment[];
  stages: StageChange[];
  chain: Chain;
}

export type ProposalStatus = 'open' | 'closed';
export type Stance = 'agree' | 'abstain' | 'disagree' | 'block';
export type Decision = 'adopted' | 'rejected';

export interface Tally {
  agree: number;
  abstain: number;
  disagree: number;
  block: number;
}

export interface Proposal {
  id: string;
  space_id: string;
  title: string;
  body: string;
  author: PersonSummary;
  status: ProposalStatus;
  closes_at: string;
  tally: Tally;
  my_stance: Stance | null;
  outcome: string | null;
  decision: Decision | null;
  from_idea_id: string | null;
  created_at: string;
  closed_at: string | null;
}

export interface StanceEntry {
  person: PersonSummary;
  stance: Stance;
  reason: string;
  updated_at: string;
}

export interface ProposalDetail extends Proposal {
  stances: StanceEntry[];
  chain: Chain;
}
