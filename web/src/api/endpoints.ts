// Typed functions for the endpoints this stage of the web UI uses, one per API operation.

import { request, withQuery } from './client';
import type {
  Agenda,
  AnalyticsEngagement,
  AnalyticsNetwork,
  AnalyticsOutcomes,
  OutcomeItemList,
  AdminPersonChanges,
  Decision,
  Idea,
  IdeaComment,
  IdeaDetail,
  IdeaStage,
  IdeasAcross,
  JoinRequest,
  NewSpace,
  Problem,
  ProblemDetail,
  ProblemStatus,
  ProblemsAcross,
  Proposal,
  ProposalDetail,
  ProposalStatus,
  ProposalsAcross,
  Solution,
  Space,
  SpaceInvitation,
  SpaceMember,
  SpaceRole,
  Stance,
  Vote,
  ApiToken,
  AppNotification,
  AuthProviders,
  OidcSettings,
  OidcSettingsChange,
  GroupRuleEffects,
  GroupRuleList,
  NewGroupRule,
  NotificationGroup,
  Cascade,
  NewPost,
  Post,
  ThreadPage,
  ReactionKind,
  SearchHit,
  Topic,
  CreatedToken,
  NewPerson,
  KnowledgePage,
  Page,
  PageDiff,
  PageEntry,
  PageImport,
  PageImportRequest,
  PageRevision,
  Person,
  PersonDetail,
  PersonWork,
  ProfileChanges,
  SystemStatus,
  SessionInfo,
  SkillCount,
  TokenScope,
  Unit,
  CreatedSecret,
  InboundSecret,
  RecordChange,
  RecordDetail,
  RecordType,
  WorkRecord,
  Delivery,
  DeliveryStatus,
  NewWebhook,
  Webhook,
  WebhookChange,
  WebhookTestResult,
  Availability,
  ExpertiseAccuracy,
  ExpertiseFeedback,
  ExpertSuggestionList,
  AuditEntry,
  ModerationState,
  ReportedPost,
  ReportMade,
  DigestRun,
  MailMode,
  MailPreferences,
  MailPreferencesChange,
  OrganizationMail,
  Unsubscribed,
} from './types';

const id = encodeURIComponent;

export const session = {
  current: (signal?: AbortSignal) =>
    request<SessionInfo>('GET', '/session', { signal, expectUnauthenticated: true }),
  signIn: (email: string, password: string) =>
    request<SessionInfo>('POST', '/session', { body: { email, password }, expectUnauthenticated: true }),
  /** Signs out; answers where to sign out of the identity provider too, when the server says so. */
  signOut: async () => {
    let logoutUrl: string | null = null;
    await request<void>('DELETE', '/session', {
      expectUnauthenticated: true,
      onHeaders: (headers) => {
        logoutUrl = headers.get('Weft-Logout-Url');
      },
    });
    return logoutUrl as string | null;
  },
  /** Public: single sign-on (its button's name and start URL), and whether passwords are on. */
  providers: (signal?: AbortSignal) =>
    request<AuthProviders>('GET', '/auth/providers', { signal, expectUnauthenticated: true }),
};

/** Administrators: single sign-on through the organization's OpenID Connect provider. */
export const oidc = {
  settings: (signal?: AbortSignal) => request<OidcSettings>('GET', '/admin/oidc', { signal }),
  /** The provider's discovery document must answer; `client_secret` left out keeps the stored one. */
  save: (change: OidcSettingsChange) => request<OidcSettings>('PUT', '/admin/oidc', { body: change }),
  /** Single sign-on off: passwords work again for everyone. */
  remove: () => request<void>('DELETE', '/admin/oidc'),
};

/** Administrators: rules putting the people of a group (SCIM, or the groups claim) in a unit and in spaces. */
export const groupRules = {
  list: (signal?: AbortSignal) => request<GroupRuleList>('GET', '/admin/group-rules', { signal }),
  /** A dry run: what each rule would do now; changes nothing. */
  preview: (rules: NewGroupRule[]) =>
    request<GroupRuleEffects>('POST', '/admin/group-rules/preview', { body: { rules } }),
  /** Replaces the rules and applies them to everyone in their groups (nobody is removed). */
  save: (rules: NewGroupRule[]) => request<GroupRuleEffects>('PUT', '/admin/group-rules', { body: { rules } }),
};

export interface PeopleQuery {
  q?: string;
  unit_id?: string;
  skill?: string;
  cursor?: string | null;
  limit?: number;
}

export const people = {
  list: (query: PeopleQuery, signal?: AbortSignal) =>
    request<Page<Person>>('GET', withQuery('/people', { ...query }), { signal }),
  get: (personId: string, signal?: AbortSignal) =>
    request<PersonDetail>('GET', `/people/${id(personId)}`, { signal }),
  me: (signal?: AbortSignal) => request<PersonDetail>('GET', '/me', { signal }),
  changeMyPassword: (currentPassword: string, newPassword: string) =>
    request<void>('PUT', '/me/password', { body: { current_password: currentPassword, new_password: newPassword } }),
  create: (person: NewPerson) => request<Person>('POST', '/people', { body: person }),
  updateMe: (changes: ProfileChanges) => request<Person>('PATCH', '/people/me', { body: changes }),
  /** My photo: a data: URL (or base64) of a PNG or a JPEG up to 700 KB; Weft makes it 256×256. */
  setAvatar: (image: string) => request<PersonDetail>('PUT', '/me/avatar', { body: { image } }),
  removeAvatar: () => request<void>('DELETE', '/me/avatar'),
  update: (personId: string, changes: AdminPersonChanges) =>
    request<Person>('PATCH', `/people/${id(personId)}`, { body: changes }),
  endorse: (personId: string, skill: string) =>
    request<Person>('POST', `/people/${id(personId)}/endorsements`, { body: { skill } }),
  withdrawEndorsement: (personId: string, skill: string) =>
    request<void>('DELETE', `/people/${id(personId)}/endorsements/${id(skill)}`),
  follow: (personId: string) => request<void>('PUT', `/people/${id(personId)}/follow`),
  unfollow: (personId: string) => request<void>('DELETE', `/people/${id(personId)}/follow`),
  followers: (personId: string, cursor?: string | null, signal?: AbortSignal) =>
    request<Page<Person>>('GET', withQuery(`/people/${id(personId)}/followers`, { cursor }), { signal }),
  following: (personId: string, cursor?: string | null, signal?: AbortSignal) =>
    request<Page<Person>>('GET', withQuery(`/people/${id(personId)}/following`, { cursor }), { signal }),
  /** Their record of work: problems solved and raised, ideas adopted, decisions taken part in (latest ten of each). */
  work: (personId: string, signal?: AbortSignal) =>
    request<PersonWork>('GET', `/people/${id(personId)}/work`, { signal }),
};

/** The signed-in person's own views. */
export const me = {
  /** The work waiting for me: stances to take, problems I could help with, decisions, my spaces. */
  agenda: (signal?: AbortSignal) => request<Agenda>('GET', '/me/agenda', { signal }),
};

export const tokens = {
  list: (cursor?: string | null, signal?: AbortSignal) =>
    request<Page<ApiToken>>('GET', withQuery('/tokens', { cursor }), { signal }),
  /** `expiresAt`: RFC 3339 UTC, or null for a token that does not expire. */
  create: (name: string, scopes: TokenScope[], expiresAt: string | null = null) =>
    request<CreatedToken>('POST', '/tokens', {
      body: expiresAt ? { name, scopes, expires_at: expiresAt } : { name, scopes },
    }),
  /** Revokes one's own token; an administrator may revoke anyone's. */
  revoke: (tokenId: string) => request<void>('DELETE', `/tokens/${id(tokenId)}`),
  /** Administrators: a person's live tokens, and revoking all of them. */
  ofPerson: (personId: string, signal?: AbortSignal) =>
    request<Page<ApiToken>>('GET', `/people/${id(personId)}/tokens`, { signal }),
  revokeAllOf: (personId: string) => request<void>('DELETE', `/people/${id(personId)}/tokens`),
};

export const system = {
  /** Administrators: the store, its nodes, and the views derived from the activity log. */
  status: (signal?: AbortSignal) => request<SystemStatus>('GET', '/admin/system', { signal }),
};

export const units = {
  list: (signal?: AbortSignal) => request<Page<Unit>>('GET', '/units', { signal }),
  create: (name: string, parentId: string | null) =>
    request<Unit>('POST', '/units', { body: { name, parent_id: parentId } }),
  update: (unitId: string, changes: { name?: string; parent_id?: string | null }) =>
    request<Unit>('PATCH', `/units/${id(unitId)}`, { body: changes }),
};

export const skills = {
  search: (prefix: string, limit = 8, signal?: AbortSignal) =>
    request<{ items: SkillCount[] }>('GET', withQuery('/skills', { q: prefix, limit }), { signal }),
};

export interface PageQuery {
  cursor?: string | null;
  limit?: number;
}

export const posts = {
  create: (post: NewPost) => request<Post>('POST', '/posts', { body: post }),
  get: (postId: string, signal?: AbortSignal) => request<Post>('GET', `/posts/${id(postId)}`, { signal }),
  edit: (postId: string, body: string) => request<Post>('PATCH', `/posts/${id(postId)}`, { body: { body } }),
  remove: (postId: string) => request<void>('DELETE', `/posts/${id(postId)}`),
  reply: (postId: string, body: string) => request<Post>('POST', `/posts/${id(postId)}/replies`, { body: { body } }),
  thread: (postId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<ThreadPage>('GET', withQuery(`/posts/${id(postId)}/thread`, { ...query }), { signal }),
  replies: (postId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery(`/posts/${id(postId)}/replies`, { ...query }), { signal }),
  react: (postId: string, kind: ReactionKind) => request<void>('PUT', `/posts/${id(postId)}/reactions/${id(kind)}`),
  unreact: (postId: string, kind: ReactionKind) =>
    request<void>('DELETE', `/posts/${id(postId)}/reactions/${id(kind)}`),
  cascade: (postId: string, signal?: AbortSignal) => request<Cascade>('GET', `/posts/${id(postId)}/cascade`, { signal }),
  /** Tells the post's moderators, with a reason (1 to 500 characters); 409 when reported already. */
  report: (postId: string, reason: string) =>
    request<ReportMade>('POST', `/posts/${id(postId)}/reports`, { body: { reason } }),
};

export const feeds = {
  home: (query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery('/feed', { ...query }), { signal }),
  person: (personId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery(`/people/${id(personId)}/posts`, { ...query }), { signal }),
  topic: (name: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery(`/topics/${id(name)}/feed`, { ...query }), { signal }),
  space: (spaceId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery(`/spaces/${id(spaceId)}/feed`, { ...query }), { signal }),
};

export const topics = {
  get: (name: string, signal?: AbortSignal) => request<Topic>('GET', `/topics/${id(name)}`, { signal }),
  follow: (name: string) => request<void>('PUT', `/topics/${id(name)}/follow`),
  unfollow: (name: string) => request<void>('DELETE', `/topics/${id(name)}/follow`),
};

export interface SearchQuery extends PageQuery {
  q: string;
  type?: string;
}

export const search = {
  run: (query: SearchQuery, signal?: AbortSignal) =>
    request<Page<SearchHit>>('GET', withQuery('/search', { ...query }), { signal }),
};

export const notifications = {
  list: (query: PageQuery & { unread?: boolean } = {}, signal?: AbortSignal) =>
    request<Page<AppNotification>>('GET', withQuery('/notifications', { ...query, unread: query.unread || undefined }), {
      signal,
    }),
  /** The latest notifications grouped by kind and subject: unread first, work before conversation before reactions. */
  groups: (query: { unread?: boolean; limit?: number } = {}, signal?: AbortSignal) =>
    request<{ items: NotificationGroup[]; next_cursor: null }>(
      'GET',
      withQuery('/notifications/groups', { unread: query.unread ? 'true' : undefined, limit: query.limit }),
      { signal },
    ),
  unreadCount: (signal?: AbortSignal) => request<{ count: number }>('GET', '/notifications/unread_count', { signal }),
  markRead: (ids: string[]) => request<void>('POST', '/notifications/read', { body: { ids } }),
  markAllRead: () => request<void>('POST', '/notifications/read', { body: { all: true } }),
};

/** E-mail: what Weft e-mails me, the organization's default and outbox, and unsubscribing from a link. */
export const mail = {
  preferences: (signal?: AbortSignal) => request<MailPreferences>('GET', '/me/mail', { signal }),
  /** `default_mode: null` follows the organization's again; a space's `default` follows mine. */
  savePreferences: (change: MailPreferencesChange) =>
    request<MailPreferences>('PUT', '/me/mail', { body: change }),
  /** Administrators. */
  organization: (signal?: AbortSignal) => request<OrganizationMail>('GET', '/admin/mail', { signal }),
  setOrganizationDefault: (mode: MailMode) =>
    request<OrganizationMail>('PUT', '/admin/mail', { body: { default_mode: mode } }),
  /** Administrators: writes the digests of the period now (once per person and day). */
  sendDigests: (period: 'daily' | 'weekly') =>
    request<DigestRun>('POST', '/admin/mail/digests', { body: { period } }),
  /** No sign-in needed: the signed token of an e-mail's link turns that e-mail off. */
  unsubscribe: (token: string) =>
    request<Unsubscribed>('POST', withQuery('/mail/unsubscribe', { token }), { expectUnauthenticated: true }),
};

// ---- Collaborative layer ----

export interface SpacesQuery extends PageQuery {
  mine?: boolean;
  q?: string;
}

export const spaces = {
  list: (query: SpacesQuery = {}, signal?: AbortSignal) =>
    request<Page<Space>>('GET', withQuery('/spaces', { ...query, mine: query.mine || undefined }), { signal }),
  get: (spaceId: string, signal?: AbortSignal) => request<Space>('GET', `/spaces/${id(spaceId)}`, { signal }),
  create: (space: NewSpace) => request<Space>('POST', '/spaces', { body: space }),
  update: (spaceId: string, changes: Partial<NewSpace>) =>
    request<Space>('PATCH', `/spaces/${id(spaceId)}`, { body: changes }),
  join: (spaceId: string) => request<void>('POST', `/spaces/${id(spaceId)}/join`),
  members: (spaceId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<SpaceMember>>('GET', withQuery(`/spaces/${id(spaceId)}/members`, { ...query }), { signal }),
  setMember: (spaceId: string, personId: string, role: SpaceRole) =>
    request<void>('PUT', `/spaces/${id(spaceId)}/members/${id(personId)}`, { body: { role } }),
  removeMember: (spaceId: string, personId: string) =>
    request<void>('DELETE', `/spaces/${id(spaceId)}/members/${id(personId)}`),
  joinRequests: (spaceId: string, signal?: AbortSignal) =>
    request<Page<JoinRequest>>('GET', withQuery(`/spaces/${id(spaceId)}/join-requests`, { limit: 100 }), { signal }),
  declineJoin: (spaceId: string, personId: string) =>
    request<void>('DELETE', `/spaces/${id(spaceId)}/join-requests/${id(personId)}`),
  invitations: (spaceId: string, signal?: AbortSignal) =>
    request<Page<SpaceInvitation>>('GET', `/spaces/${id(spaceId)}/invitations`, { signal }),
  /** 201 for a new invitation, 200 with the pending one when that e-mail is already invited. */
  invite: (spaceId: string, email: string, role: 'member' | 'guest') =>
    request<SpaceInvitation>('POST', `/spaces/${id(spaceId)}/invitations`, { body: { email, role } }),
  withdrawInvitation: (spaceId: string, invitationId: string) =>
    request<void>('DELETE', `/spaces/${id(spaceId)}/invitations/${id(invitationId)}`),
  problems: (spaceId: string, query: PageQuery & { status?: ProblemStatus } = {}, signal?: AbortSignal) =>
    request<Page<Problem>>('GET', withQuery(`/spaces/${id(spaceId)}/problems`, { ...query }), { signal }),
  ideas: (spaceId: string, query: PageQuery & { stage?: IdeaStage } = {}, signal?: AbortSignal) =>
    request<Page<Idea>>('GET', withQuery(`/spaces/${id(spaceId)}/ideas`, { ...query }), { signal }),
  proposals: (spaceId: string, query: PageQuery & { status?: ProposalStatus } = {}, signal?: AbortSignal) =>
    request<Page<Proposal>>('GET', withQuery(`/spaces/${id(spaceId)}/proposals`, { ...query }), { signal }),
  createProblem: (spaceId: string, problem: { title: string; body: string; record_id?: string }) =>
    request<ProblemDetail>('POST', `/spaces/${id(spaceId)}/problems`, { body: problem }),
  createIdea: (spaceId: string, idea: { title: string; body: string; from_problem_id?: string }) =>
    request<Idea>('POST', `/spaces/${id(spaceId)}/ideas`, { body: idea }),
  createProposal: (
    spaceId: string,
    proposal: { title: string; body: string; closes_at: string; from_idea_id?: string; follow_up_of?: string },
  ) => request<Proposal>('POST', `/spaces/${id(spaceId)}/proposals`, { body: proposal }),
};

export const problems = {
  get: (problemId: string, signal?: AbortSignal) =>
    request<ProblemDetail>('GET', `/problems/${id(problemId)}`, { signal }),
  propose: (problemId: string, body: string) =>
    request<Solution>('POST', `/problems/${id(problemId)}/solutions`, { body: { body } }),
  voteSolution: (solutionId: string, value: Vote) =>
    request<Solution>('PUT', `/solutions/${id(solutionId)}/vote`, { body: { value } }),
  accept: (problemId: string, solutionId: string) =>
    request<ProblemDetail>('POST', `/problems/${id(problemId)}/accept`, { body: { solution_id: solutionId } }),
  reopen: (problemId: string) => request<ProblemDetail>('POST', `/problems/${id(problemId)}/reopen`),
};

export const ideas = {
  get: (ideaId: string, signal?: AbortSignal) => request<IdeaDetail>('GET', `/ideas/${id(ideaId)}`, { signal }),
  vote: (ideaId: string, value: Vote) => request<Idea>('PUT', `/ideas/${id(ideaId)}/vote`, { body: { value } }),
  comment: (ideaId: string, body: string) =>
    request<IdeaComment>('POST', `/ideas/${id(ideaId)}/comments`, { body: { body } }),
  move: (ideaId: string, stage: IdeaStage, note: string) =>
    request<Idea>('POST', `/ideas/${id(ideaId)}/stage`, { body: { stage, note } }),
};

export const proposals = {
  get: (proposalId: string, signal?: AbortSignal) =>
    request<ProposalDetail>('GET', `/proposals/${id(proposalId)}`, { signal }),
  stance: (proposalId: string, stance: Stance, reason: string) =>
    request<ProposalDetail>('PUT', `/proposals/${id(proposalId)}/stance`, { body: { stance, reason } }),
  close: (
    proposalId: string,
    close: { outcome: string; decision?: Decision; resolve_problem?: boolean; review_at?: string },
  ) => request<ProposalDetail>('POST', `/proposals/${id(proposalId)}/close`, { body: close }),
};

// ---- Work across spaces: every space the caller may see ----

export interface AcrossQuery extends PageQuery {
  /** Only this space (404 or 403 when the caller may not see it). */
  space_id?: string;
  /** Only work authored by people of this unit. */
  unit_id?: string;
}

export const across = {
  /** Problems newest first; `counts` by status (open, resolved). */
  problems: (query: AcrossQuery & { status?: ProblemStatus } = {}, signal?: AbortSignal) =>
    request<ProblemsAcross>('GET', withQuery('/problems', { ...query }), { signal }),
  /** Ideas newest first; `counts` by stage. */
  ideas: (query: AcrossQuery & { stage?: IdeaStage } = {}, signal?: AbortSignal) =>
    request<IdeasAcross>('GET', withQuery('/ideas', { ...query }), { signal }),
  /** Proposals newest first; `counts` open, adopted and rejected. A decision implies closed ones. */
  proposals: (query: AcrossQuery & { status?: ProposalStatus; decision?: Decision } = {}, signal?: AbortSignal) =>
    request<ProposalsAcross>('GET', withQuery('/proposals', { ...query }), { signal }),
};

// ---- Work context: records from other systems ----

export interface RecordsQuery extends PageQuery {
  system?: string;
  type?: string;
  external_id?: string;
  /** Only records I follow. */
  followed?: boolean;
}

export const records = {
  list: (query: RecordsQuery = {}, signal?: AbortSignal) =>
    request<Page<WorkRecord>>('GET', withQuery('/records', { ...query, followed: query.followed || undefined }), {
      signal,
    }),
  get: (recordId: string, signal?: AbortSignal) => request<RecordDetail>('GET', `/records/${id(recordId)}`, { signal }),
  posts: (recordId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<Post>>('GET', withQuery(`/records/${id(recordId)}/posts`, { ...query }), { signal }),
  changes: (recordId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<RecordChange>>('GET', withQuery(`/records/${id(recordId)}/changes`, { ...query }), { signal }),
  follow: (recordId: string) => request<void>('PUT', `/records/${id(recordId)}/follow`),
  unfollow: (recordId: string) => request<void>('DELETE', `/records/${id(recordId)}/follow`),
};

/** Administrators: the secrets other systems sign records with, and which records are accepted. */
export const integrations = {
  secrets: (signal?: AbortSignal) => request<Page<InboundSecret>>('GET', '/inbound-secrets', { signal }),
  createSecret: (name: string, system: string | null) =>
    request<CreatedSecret>('POST', '/inbound-secrets', { body: system ? { name, system } : { name } }),
  /** The old value keeps signing for `overlapSeconds` (0..604800). */
  rotateSecret: (secretId: string, overlapSeconds: number) =>
    request<CreatedSecret>('POST', `/inbound-secrets/${id(secretId)}/rotate`, { body: { overlap_seconds: overlapSeconds } }),
  revokeSecret: (secretId: string) => request<void>('DELETE', `/inbound-secrets/${id(secretId)}`),
  recordTypes: (signal?: AbortSignal) => request<Page<RecordType>>('GET', '/record-types', { signal }),
  /** `type` "*" allows every type of the system. */
  allowRecordType: (system: string, type: string) =>
    request<void>('PUT', `/record-types/${id(system)}/${id(type)}`),
  removeRecordType: (system: string, type: string) =>
    request<void>('DELETE', `/record-types/${id(system)}/${id(type)}`),
};

export interface DeliveriesQuery extends PageQuery {
  status?: DeliveryStatus;
}

/** Administrators: outbound webhooks, their deliveries and test events. */
export const webhooks = {
  list: (signal?: AbortSignal) => request<Page<Webhook>>('GET', '/webhooks', { signal }),
  get: (webhookId: string, signal?: AbortSignal) => request<Webhook>('GET', `/webhooks/${id(webhookId)}`, { signal }),
  create: (webhook: NewWebhook) => request<Webhook>('POST', '/webhooks', { body: webhook }),
  /** `enabled: true` resumes a disabled webhook and its pending deliveries. A new secret leaves the old one valid a day more. */
  update: (webhookId: string, changes: WebhookChange) =>
    request<Webhook>('PATCH', `/webhooks/${id(webhookId)}`, { body: changes }),
  /** Removes the webhook and its deliveries log. */
  remove: (webhookId: string) => request<void>('DELETE', `/webhooks/${id(webhookId)}`),
  /** Sends a webhook.test event now and waits for the answer. */
  test: (webhookId: string) => request<WebhookTestResult>('POST', `/webhooks/${id(webhookId)}/test`),
  deliveries: (webhookId: string, query: DeliveriesQuery = {}, signal?: AbortSignal) =>
    request<Page<Delivery>>('GET', withQuery(`/webhooks/${id(webhookId)}/deliveries`, { ...query }), { signal }),
  redeliver: (webhookId: string, deliveryId: string) =>
    request<Delivery>('POST', `/webhooks/${id(webhookId)}/deliveries/${id(deliveryId)}/redeliver`),
};

// ---- Expertise: who can help ----

export interface ExpertiseQuery {
  /** The problem in plain words (up to 2000 characters). */
  q: string;
  limit?: number;
  /** Only members of this space. */
  space_id?: string;
  /** Only people of this unit. */
  unit_id?: string;
  /** Only people outside the caller's unit. */
  outside_unit?: boolean;
}

export const expertise = {
  suggest: (query: ExpertiseQuery, signal?: AbortSignal) =>
    request<ExpertSuggestionList>(
      'GET',
      withQuery('/expertise', { ...query, outside_unit: query.outside_unit ? true : undefined }),
      { signal },
    ),
  /** The person suggested says the subject is not for them; they are not suggested for it again. */
  notMe: (subjectType: 'problem' | 'record', subjectId: string) =>
    request<ExpertiseFeedback>('POST', '/expertise/feedback', {
      body: { verdict: 'not_me', subject_type: subjectType, subject_id: subjectId },
    }),
  /** The problem's author says this person helped. */
  helped: (problemId: string, personId: string) =>
    request<ExpertiseFeedback>('POST', '/expertise/feedback', {
      body: { verdict: 'helped', subject_type: 'problem', subject_id: problemId, person_id: personId },
    }),
  /** `until`: RFC 3339, in the future and at most a year ahead; null: available again. */
  setAvailability: (until: string | null) =>
    request<Availability>('PUT', '/me/availability', { body: { unavailable_until: until } }),
  /** Administrators: of the problems resolved in [from, to), where the accepted solver ranked. */
  accuracy: (range: { from?: string; to?: string }, signal?: AbortSignal) =>
    request<ExpertiseAccuracy>('GET', withQuery('/expertise/accuracy', { ...range }), { signal }),
};

// ---- Analytics ----

export interface OutcomesQuery {
  /** RFC 3339; without it the server's default, the last 30 days. */
  from?: string;
  to?: string;
  unit_id?: string;
  space_id?: string;
}

/** The network's period; it is the organization's, so no unit or space. */
export interface NetworkQuery {
  /** RFC 3339; without it the server's default, the 30 days up to the next whole minute. */
  from?: string;
  to?: string;
  /** mine (the server's default): all the caller may see; organization: what every member may see. */
  view?: 'mine' | 'organization';
  /** network only: the depth of the unit tree units are shown at (0: the top); default the deepest readable. */
  level?: string;
}

export interface EngagementQuery extends NetworkQuery {
  /** Only items authored by people of this unit. */
  unit_id?: string;
}

export const analytics = {
  /** What happened in [from, to) over what the caller may see (docs/design/analytics.md). */
  outcomes: (query: OutcomesQuery = {}, signal?: AbortSignal) =>
    request<AnalyticsOutcomes>('GET', withQuery('/analytics/outcomes', { ...query }), { signal }),
  /** The items behind one figure (problems_resolved, ideas_adopted, …), newest first. */
  items: (figure: string, query: OutcomesQuery = {}, signal?: AbortSignal) =>
    request<OutcomeItemList>('GET', withQuery('/analytics/outcomes/items', { figure, limit: '50', ...query }), { signal }),
  /** Who works with whom: units, brokers, silos, communities (cached; `age_seconds` says how old). */
  network: (query: NetworkQuery = {}, signal?: AbortSignal) =>
    request<AnalyticsNetwork>('GET', withQuery('/analytics/network', { ...query }), { signal }),
  /** Reached vs connected, broadcast vs conversation, reshare cascades and sharers (cached). */
  engagement: (query: EngagementQuery = {}, signal?: AbortSignal) =>
    request<AnalyticsEngagement>('GET', withQuery('/analytics/engagement', { ...query }), { signal }),
};

/** Knowledge pages: a space's tree, a page, saving with If-Match, history, diff, restore. */
export const pages = {
  list: (spaceId: string, signal?: AbortSignal) =>
    request<Page<PageEntry>>('GET', `/spaces/${id(spaceId)}/pages`, { signal }),
  create: (spaceId: string, page: { title: string; body: string; parent_id?: string | null }) =>
    request<KnowledgePage>('POST', `/spaces/${id(spaceId)}/pages`, { body: page }),
  get: (pageId: string, signal?: AbortSignal) => request<KnowledgePage>('GET', `/pages/${id(pageId)}`, { signal }),
  /** Saves over `revision`, the one the edit started from; `merged`: edits saved meanwhile were merged in. */
  save: async (pageId: string, revision: string, text: { title: string; body: string; summary: string }) => {
    let merged = false;
    const page = await request<KnowledgePage>('PUT', `/pages/${id(pageId)}`, {
      body: text,
      headers: { 'If-Match': `"${revision}"` },
      onHeaders: (headers) => {
        merged = headers.get('Weft-Merged') === 'true';
      },
    });
    return { page, merged };
  },
  revisions: (pageId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<PageRevision>>('GET', withQuery(`/pages/${id(pageId)}/revisions`, { ...query }), { signal }),
  diff: (pageId: string, from: string, to: string, signal?: AbortSignal) =>
    request<PageDiff>('GET', withQuery(`/pages/${id(pageId)}/diff`, { from, to }), { signal }),
  restore: (pageId: string, revision: string) =>
    request<KnowledgePage>('POST', `/pages/${id(pageId)}/restore`, { body: { revision } }),
  comments: (pageId: string, query: PageQuery = {}, signal?: AbortSignal) =>
    request<Page<IdeaComment>>('GET', withQuery(`/pages/${id(pageId)}/comments`, { ...query }), { signal }),
  comment: (pageId: string, body: string) =>
    request<IdeaComment>('POST', `/pages/${id(pageId)}/comments`, { body: { body } }),
  /** Write up an accepted solution or a decided proposal as a page of its space. */
  promote: (sourceType: 'problem' | 'proposal', sourceId: string) =>
    request<KnowledgePage>('POST', '/pages/promote', { body: { source_type: sourceType, source_id: sourceId } }),
  /** The space's pages as a zip of Markdown files in folders by the tree (a download, for a link). */
  exportHref: (spaceId: string) => `/api/v1/spaces/${id(spaceId)}/pages/export`,
  /** Members: a zip (base64 or a data: URL) or the files of a folder become pages, under `parent_id` if given. */
  importPages: (spaceId: string, files: PageImportRequest) =>
    request<PageImport>('POST', `/spaces/${id(spaceId)}/pages/import`, { body: files }),
  /** Be told of each edit (true), or stop. */
  watch: (pageId: string, on: boolean) => request<void>(on ? 'PUT' : 'DELETE', `/pages/${id(pageId)}/watch`),
  /** The pages whose text links to this page, problem, idea, proposal or record (those the reader may read). */
  backlinks: (type: LinkTarget, targetId: string, signal?: AbortSignal) =>
    request<Page<PageEntry>>('GET', `/${type}s/${id(targetId)}/backlinks`, { signal }),
};

/** What a page may link to and be listed under as "linked from". */
export type LinkTarget = 'page' | 'problem' | 'idea' | 'proposal' | 'record';

// ---- Moderation (space owners for their spaces' posts; admins for the rest) ----

export const moderation = {
  /** The queue; 403 for someone who moderates nothing (neither an admin nor a space's owner). */
  queue: (query: PageQuery & { state?: ModerationState } = {}, signal?: AbortSignal) =>
    request<Page<ReportedPost>>('GET', withQuery('/moderation/reports', { ...query }), { signal }),
  /** Only its author sees it from now on (marked, with the reason); its open reports are closed. */
  hide: (postId: string, reason: string) => request<void>('POST', `/posts/${id(postId)}/hide`, { body: { reason } }),
  restore: (postId: string, reason: string) =>
    request<void>('POST', `/posts/${id(postId)}/restore`, { body: { reason } }),
  /** Closes the open reports, leaving the post as it is. */
  dismiss: (postId: string, reason: string) =>
    request<void>('POST', `/posts/${id(postId)}/reports/dismiss`, { body: { reason } }),
};

// ---- The audit log (administrators) ----

export interface AuditFilter {
  /** A verb ("session.created") or a family ending in "." ("post."). */
  action?: string;
  actor_id?: string;
  /** RFC 3339. */
  since?: string;
  /** RFC 3339, not included. */
  until?: string;
}

export const audit = {
  /** Newest first. */
  list: (filter: AuditFilter & PageQuery = {}, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('GET', withQuery('/admin/audit', { ...filter }), { signal }),
  /** The verbs the log keeps. */
  actions: (signal?: AbortSignal) => request<{ items: string[] }>('GET', '/admin/audit/actions', { signal }),
  /** The entries under the same filters as CSV, oldest first (a download, for a link); the download is logged. */
  exportHref: (filter: AuditFilter = {}) => `/api/v1${withQuery('/admin/audit/export', { ...filter })}`,
};
