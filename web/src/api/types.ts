// Shapes of the Weft HTTP API v1 as the web UI uses them. What the server answers comes from
// ./schema.ts, generated from the OpenAPI document that the API tests hold every response to; the
// names the UI uses are aliases of those, plus the request bodies and unions the UI builds.
import type * as S from './schema';

export type Role = 'admin' | 'member' | 'guest';

export type Skill = S.Skill;

export type Person = S.Person;

export type PersonDetail = S.PersonDetail;

/** GET /people/{id}/work: counts and the latest ten of each list, over what the viewer may see. */
export type PersonWork = S.PersonWork;

export type Unit = S.Unit;

export type SystemStatus = S.SystemStatus;
export type SystemView = S.SystemStatus['views'][number];

export type SkillCount = S.SkillList['items'][number];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** GET /posts/{id}/thread: the root, the first page of its replies, and the reply asked for. */
export type ThreadPage = S.Thread;

export type SessionInfo = S.Session;

/** GET /auth/providers: how people sign in here (single sign-on, and whether passwords are on). */
export type AuthProviders = S.AuthProviders;

/** GET and PUT /admin/oidc: the single sign-on settings (never the client secret). */
export type OidcSettings = S.OidcSettings;
export type OidcSettingsChange = S.OidcSettingsChange;
export type OidcClaims = NonNullable<S.OidcSettings['claims']>;

/** GET and PUT /admin/group-rules: ordered rules mapping a group (SCIM or the groups claim) to a
 * unit and/or a space; the preview and the save answer what each rule does (GroupRuleEffects). */
export type GroupRule = S.GroupRule;
export type GroupRuleList = S.GroupRuleList;
export type GroupRulesChange = S.GroupRulesChange;
export type NewGroupRule = S.GroupRulesChange['rules'][number];
export type GroupRuleEffects = S.GroupRuleEffects;
export type GroupRuleEffect = S.GroupRuleEffects['items'][number];

export type ApiErrorBody = S.Error;

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

/** `scim` (administrators only) stands alone: the token then serves /scim/v2 and nothing else. */
export type TokenScope = 'read' | 'write' | 'admin' | 'scim';

/** An API token as GET /api/v1/tokens lists it (the secret itself is never listed). */
export type ApiToken = S.TokenList['items'][number];

/** POST /api/v1/tokens: the only time the secret `token` is shown. */
export type CreatedToken = S.CreatedToken;

// ---- Social layer (docs/design/social.md) ----

/** The short form of a person embedded in posts, cascades and notifications. */
export type PersonSummary = S.PersonSummary;

export type ReactionKind = 'like' | 'celebrate' | 'insightful' | 'support';
export const kReactionKinds: readonly ReactionKind[] = ['like', 'celebrate', 'insightful', 'support'];

export type Audience = 'public' | 'unit' | 'followers' | 'space';

export type Post = S.Post;

export interface NewPost {
  body: string;
  audience: Audience;
  space_id?: string;
  record_id?: string;
  reshare_of?: string;
}

export type Topic = S.Topic;

export type CascadeNode = S.Cascade['nodes'][number];

export type Cascade = S.Cascade;

export type SearchType = 'post' | 'person' | 'space' | 'problem' | 'idea' | 'proposal' | 'record';

/** snippet: server HTML, escaped text with matches in <mark>; still sanitized before use. */
export type SearchHit = S.SearchResults['items'][number];

export type AppNotification = S.Notification;

/** GET /api/v1/notifications/groups: notifications of one kind about one subject, as one line. */
export type NotificationGroup = S.NotificationGroupList['items'][number];

/** work (solutions, decisions…), conversation (mentions, replies), social (reactions, reshares, follows). */
export type NotificationPriority = NotificationGroup['priority'];

/** Frames of GET /api/v1/stream. */
export type StreamMessage =
  | { id: number; type: 'notification'; data: AppNotification }
  | { id: number; type: 'post'; data: Post }
  | { id: number; type: 'hello'; data: { last_event_id: number; replayed_through?: { post: number; notification: number } } }
  /** A resume had more than one replay holds: everything up to `through` was sent; the stream then closes (4000). */
  | { id: number; type: 'more'; data: { through: number } };

// ---- Collaborative layer (docs/design/collaboration.md) ----

export type SpaceKind = 'project' | 'problem' | 'community';
export type SpaceVisibility = 'public' | 'private' | 'secret';
export type SpaceRole = 'owner' | 'member' | 'guest';

export type Space = S.Space;

export interface NewSpace {
  name: string;
  purpose: string;
  kind: SpaceKind;
  visibility: SpaceVisibility;
}

export type SpaceMember = S.MemberList['items'][number];

/** A pending invitation to a space by e-mail; it becomes a membership when that e-mail signs in. */
export type SpaceInvitation = S.Invitation;

export type JoinRequest = S.JoinRequestList['items'][number];

export type ChainProblem = S.ChainProblem;

export type ChainIdea = S.ChainIdea;

export type ChainProposal = S.ChainProposal;

/** problem → ideas → proposals → decision, as far as the caller may see. */
export type Chain = S.Chain;

export type ProblemStatus = 'open' | 'resolved';

export type Solution = S.Solution;

export type Vote = -1 | 0 | 1;

export type Problem = S.Problem;

export type ProblemDetail = S.ProblemDetail;

export type IdeaStage = 'new' | 'under_review' | 'accepted' | 'implemented' | 'declined';

export type Idea = S.Idea;

export type IdeaComment = S.Comment;

export type StageChange = S.IdeaDetail['stages'][number];

export type IdeaDetail = S.IdeaDetail;

export type ProposalStatus = 'open' | 'closed';
export type Stance = 'agree' | 'abstain' | 'disagree' | 'block';
export type Decision = 'adopted' | 'rejected';

export type Tally = S.Proposal['tally'];

export type Proposal = S.Proposal;

export type StanceEntry = S.ProposalDetail['stances'][number];

/** A space as the lists across spaces name it: enough for a link and a label. */
export type SpaceName = S.SpaceName;

/** GET /problems, /ideas, /proposals: a page of work across the spaces the caller may see, the
 * counts by state under the same space and unit filters, and the names of the page's spaces. */
export type ProblemsAcross = S.ProblemsAcross;
export type IdeasAcross = S.IdeasAcross;
export type ProposalsAcross = S.ProposalsAcross;

export type ProposalDetail = S.ProposalDetail;

// ---- Work context: records from other systems (docs/design/work-context.md) ----

/** A business object living in another system (an expense statement, a deal…), as Weft keeps it. */
export type WorkRecord = S.Record;

/** GET /me/agenda: the work waiting for the signed-in person, and what a newcomer has not started. */
export type Agenda = S.Agenda;

export type RecordDetail = S.RecordDetail;

export type RecordChange = S.RecordChange;

export type FieldValue = S.Record['fields'][string];

// ---- Expertise: who can help ----

/** A person suggested for a problem, with the reasons (each may cite a page of the web UI in `ref`). */
export type ExpertSuggestion = S.ExpertSuggestion;

export type ExpertReason = S.ExpertSuggestion['reasons'][number];

/** GET /expertise: `ready` is false while the server is still building its expertise index. */
export type ExpertSuggestionList = S.ExpertSuggestionList;

export type ExpertiseFeedbackInput = S.ExpertiseFeedbackInput;

export type ExpertiseFeedback = S.ExpertiseFeedback;

export type Availability = S.Availability;

/** Administrators: how well suggestions found the people who went on to solve problems. */
export type ExpertiseAccuracy = S.ExpertiseAccuracy;

export type AccuracyMonth = S.ExpertiseAccuracy['months'][number];

export type AccuracyItem = S.ExpertiseAccuracy['items'][number];

export type AnalyticsOutcomes = S.AnalyticsOutcomes;
export type OutcomeItemList = S.OutcomeItemList;
/** A named count: an age band of unsolved problems, or an idea stage. */
export type AnalyticsCount = S.AnalyticsOutcomes['ideas']['by_stage'][number];

/** GET /analytics/network: the collaboration graph of a period, as far as the caller may see. */
export type AnalyticsNetwork = S.AnalyticsNetwork;
/** GET /analytics/engagement: reached vs connected, conversations, reshare cascades. */
export type AnalyticsEngagement = S.AnalyticsEngagement;
/** A unit as the analytics name it: its id, name and active people. */
export type UnitRef = S.UnitRef;
/** One kind's reach: items, people reached and people who connected. */
export type ReachFigure = S.ReachFigure;
export type NetworkCell = S.AnalyticsNetwork['matrix'][number];
export type NetworkBroker = S.AnalyticsNetwork['brokers'][number];
export type NetworkUnitTies = S.AnalyticsNetwork['unit_ties'][number];
export type NetworkCommunity = S.AnalyticsNetwork['communities']['items'][number];
export type NetworkTrendPoint = S.AnalyticsNetwork['trend'][number];
export type ConversationUnit = S.AnalyticsEngagement['conversation']['units'][number];
export type CascadeSummary = S.AnalyticsEngagement['cascades']['top'][number];
export type Sharer = S.AnalyticsEngagement['cascades']['sharers'][number];

/** An inbound secret as GET /api/v1/inbound-secrets lists it (the secret itself is never listed). */
export type InboundSecret = S.InboundSecretList['items'][number];

/** POST /api/v1/inbound-secrets and …/rotate: the only time the secret is shown. */
export type CreatedSecret = S.CreatedSecret;

export type RecordType = S.RecordTypeList['items'][number];

// ---- Outbound webhooks (administrators) ----

/** A webhook as the API shows it: never its secret. */
export type Webhook = S.Webhook;

export type WebhookDisabledReason = NonNullable<S.Webhook['disabled_reason']>;

export type NewWebhook = S.NewWebhook;

export type WebhookChange = S.WebhookChange;

/** One delivery of one event to one webhook, with its attempts. */
export type Delivery = S.Delivery;

export type DeliveryStatus = S.Delivery['status'];

/** POST /webhooks/{id}/test: what the receiver answered to a webhook.test event. */
export type WebhookTestResult = S.WebhookTestResult;

// ---- E-mail ----

/** How often Weft e-mails: as it happens, a daily or weekly digest, or never. */
export type MailMode = S.OrganizationMail['default_mode'];

/** A space's choice: as it happens, never, or whatever the person's default says. */
export type SpaceMailMode = 'realtime' | 'off' | 'default';

/** GET and PUT /me/mail: where mail goes, my default (null: the organization's), each of my spaces. */
export type MailPreferences = S.MailPreferences;
export type MailPreferencesChange = S.MailPreferencesChange;
export type SpaceMailPreference = S.MailPreferences['spaces'][number];

/** GET and PUT /admin/mail: the organization's default, the relay and the outbox. */
export type OrganizationMail = S.OrganizationMail;

/** POST /admin/mail/digests: who was looked at, how many digests were written, skipped or already sent. */
export type DigestRun = S.DigestRun;

/** POST /mail/unsubscribe: the address that gets no more e-mail (about that space, when one is named). */
export type Unsubscribed = S.Unsubscribed;

/** A knowledge page of a space (GET /pages/{id}); `revision` is its ETag. */
export type KnowledgePage = S.Page;
/** A page in its space's tree (no body). */
export type PageEntry = S.PageEntry;
/** POST /spaces/{id}/pages/import: the pages made (parents first) and the files left out. */
export type PageImport = S.PageImport;
export type PageImportRequest = S.PageImportRequest;
export type PageRevision = S.PageRevision;
export type PageDiff = S.PageDiff;
export type PageDiffHunk = S.PageDiffHunk;

export type PageText = S.PageText;

/** One region of the base both editors changed differently; base_start counts from 1. */
export type PageConflictRegion = S.PageConflictRegion;

/** The 409 of a page save: nothing was stored. */
export type PageConflict = S.PageConflict;

// ---- Moderation and the audit log ----

/** A post or reply in the moderation queue: what was reported, by whom and why, and whether it is hidden. */
export type ReportedPost = S.ReportedPost;

export type PostReport = S.ReportedPost['reports'][number];

/** open: with an open report; hidden: hidden by a moderator; all: every post ever reported or hidden. */
export type ModerationState = 'open' | 'hidden' | 'all';

/** POST /posts/{id}/reports: the report made. */
export type ReportMade = S.ReportMade;

/** One line of the administrators' audit log. */
export type AuditEntry = S.AuditEntry;
