// The route table: which view answers which path, and the signed-out / signed-in split.

import { useEffect, useRef } from 'preact/hooks';
import { AppShell } from './components/AppShell';
import { matchRoute, navigate, useLocation } from './state/router';
import { SessionProvider, useSession } from './state/session';
import { AdminAudit } from './views/AdminAudit';
import { AdminGroupRules } from './views/AdminGroupRules';
import { AdminIntegrations } from './views/AdminIntegrations';
import { AdminMail } from './views/AdminMail';
import { AdminPeople } from './views/AdminPeople';
import { AdminSignIn } from './views/AdminSignIn';
import { AdminUnits } from './views/AdminUnits';
import { AdminWebhook } from './views/AdminWebhook';
import { AdminSystem } from './views/AdminSystem';
import { Cascade } from './views/Cascade';
import { AdminExpertise } from './views/AdminExpertise';
import { EditProfile } from './views/EditProfile';
import { Engagement } from './views/Engagement';
import { Expertise } from './views/Expertise';
import { Home } from './views/Home';
import { Idea } from './views/Idea';
import { Moderation } from './views/Moderation';
import { MailSettings } from './views/MailSettings';
import { Network } from './views/Network';
import { NotFound } from './views/NotFound';
import { Notifications } from './views/Notifications';
import { Outcomes } from './views/Outcomes';
import { PageEdit } from './views/pages/PageEdit';
import { PageHistory } from './views/pages/PageHistory';
import { PageView } from './views/pages/PageView';
import { People } from './views/People';
import { Problem } from './views/Problem';
import { Profile } from './views/Profile';
import { Proposal } from './views/Proposal';
import { RecordView } from './views/Record';
import { Records } from './views/Records';
import { Search } from './views/Search';
import { Security } from './views/Security';
import { SignIn } from './views/SignIn';
import { Space } from './views/Space';
import { Spaces } from './views/Spaces';
import { Thread } from './views/Thread';
import { Tokens } from './views/Tokens';
import { Topic } from './views/Topic';
import { Unsubscribe } from './views/Unsubscribe';
import { DecisionsAcrossSpaces, IdeasAcrossSpaces, ProblemsAcrossSpaces } from './views/WorkAcross';

const kTitles: Array<[string, string]> = [
  ['/', 'Home'],
  ['/posts/:id', 'Conversation'],
  ['/posts/:id/cascade', 'Reshare cascade'],
  ['/topics/:name', 'Topic'],
  ['/search', 'Search'],
  ['/expertise', 'Who can help?'],
  ['/spaces', 'Spaces'],
  ['/spaces/:id', 'Space'],
  ['/problems', 'Problems'],
  ['/problems/:id', 'Problem'],
  ['/ideas', 'Ideas'],
  ['/ideas/:id', 'Idea'],
  ['/decisions', 'Decisions'],
  ['/proposals/:id', 'Proposal'],
  ['/pages/:id', 'Page'],
  ['/pages/:id/edit', 'Edit page'],
  ['/pages/:id/history', 'Page history'],
  ['/records', 'Records'],
  ['/records/:id', 'Record'],
  ['/analytics', 'Outcomes'],
  ['/analytics/network', 'Network'],
  ['/analytics/engagement', 'Engagement'],
  ['/notifications', 'Notifications'],
  ['/moderation', 'Moderation'],
  ['/people/:id', 'Profile'],
  ['/people', 'People'],
  ['/me/edit', 'Edit profile'],
  ['/me/security', 'Password and security'],
  ['/me/tokens', 'API tokens'],
  ['/settings/notifications', 'Notifications & e-mail'],
  ['/units', 'Units'],
  ['/admin/units', 'Units'],
  ['/admin/people', 'Manage people'],
  ['/admin/system', 'System'],
  ['/admin/integrations', 'Integrations'],
  ['/admin/sign-in', 'Single sign-on'],
  ['/admin/group-rules', 'Group rules'],
  ['/admin/expertise', 'Suggestion accuracy'],
  ['/admin/audit', 'Audit log'],
  ['/admin/mail', 'E-mail'],
  ['/admin/webhooks/:id', 'Webhook'],
  ['/signin', 'Sign in'],
  ['/unsubscribe', 'Unsubscribe'],
];

/** Pages that answer whether or not someone is signed in (an e-mail's unsubscribe link). */
const kPublicPaths = ['/unsubscribe'];

function SignedInRoutes({ path }: { path: string }) {
  if (path === '/') return <Home />;
  const thread = matchRoute('/posts/:id', path);
  if (thread) return <Thread key={thread.id} postId={thread.id!} />;
  const cascade = matchRoute('/posts/:id/cascade', path);
  if (cascade) return <Cascade key={cascade.id} postId={cascade.id!} />;
  const topic = matchRoute('/topics/:name', path);
  if (topic) return <Topic key={topic.name} name={topic.name!} />;
  if (path === '/search') return <Search />;
  if (path === '/expertise') return <Expertise />;
  if (path === '/spaces') return <Spaces />;
  const space = matchRoute('/spaces/:id', path);
  if (space) return <Space key={space.id} spaceId={space.id!} />;
  if (path === '/problems') return <ProblemsAcrossSpaces />;
  if (path === '/ideas') return <IdeasAcrossSpaces />;
  if (path === '/decisions') return <DecisionsAcrossSpaces />;
  const problem = matchRoute('/problems/:id', path);
  if (problem) return <Problem key={problem.id} problemId={problem.id!} />;
  const idea = matchRoute('/ideas/:id', path);
  if (idea) return <Idea key={idea.id} ideaId={idea.id!} />;
  const proposal = matchRoute('/proposals/:id', path);
  if (proposal) return <Proposal key={proposal.id} proposalId={proposal.id!} />;
  const wikiPage = matchRoute('/pages/:id', path);
  if (wikiPage) return <PageView key={wikiPage.id} pageId={wikiPage.id!} />;
  const pageEdit = matchRoute('/pages/:id/edit', path);
  if (pageEdit) return <PageEdit key={pageEdit.id} pageId={pageEdit.id!} />;
  const pageHistory = matchRoute('/pages/:id/history', path);
  if (pageHistory) return <PageHistory key={pageHistory.id} pageId={pageHistory.id!} />;
  if (path === '/records') return <Records />;
  const record = matchRoute('/records/:id', path);
  if (record) return <RecordView key={record.id} recordId={record.id!} />;
  if (path === '/analytics') return <Outcomes />;
  if (path === '/analytics/network') return <Network />;
  if (path === '/analytics/engagement') return <Engagement />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/moderation') return <Moderation />;
  const profile = matchRoute('/people/:id', path);
  if (profile) return <Profile key={profile.id} personId={profile.id!} />;
  if (path === '/people') return <People />;
  if (path === '/me/edit') return <EditProfile />;
  if (path === '/me/security') return <Security />;
  if (path === '/me/tokens') return <Tokens />;
  if (path === '/settings/notifications') return <MailSettings />;
  if (path === '/units' || path === '/admin/units') return <AdminUnits />;
  if (path === '/admin/system') return <AdminSystem />;
  if (path === '/admin/integrations') return <AdminIntegrations />;
  if (path === '/admin/sign-in') return <AdminSignIn />;
  if (path === '/admin/group-rules') return <AdminGroupRules />;
  if (path === '/admin/expertise') return <AdminExpertise />;
  if (path === '/admin/audit') return <AdminAudit />;
  if (path === '/admin/mail') return <AdminMail />;
  const webhook = matchRoute('/admin/webhooks/:id', path);
  if (webhook) return <AdminWebhook key={webhook.id} webhookId={webhook.id!} />;
  if (path === '/admin' || path === '/admin/people') return <AdminPeople />;
  return <NotFound />;
}

function Routes() {
  const { state } = useSession();
  const { path, query } = useLocation();
  const previousPath = useRef<string | null>(null);

  // Redirects that depend on the session.
  useEffect(() => {
    if (state.status === 'signed-out' && path !== '/signin' && !kPublicPaths.includes(path)) {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path + window.location.search)}`;
      navigate(`/signin${next}`, { replace: true });
    } else if (state.status === 'signed-in' && (path === '/signin' || path === '/me')) {
      navigate(path === '/me' ? `/people/${encodeURIComponent(state.person.id)}` : '/', { replace: true });
    }
  }, [state, path]);

  // On a real page change: title, scroll to top, and focus the main landmark for screen readers —
  // unless the person is already in the new page (they clicked into the search box and typed
  // before this ran): taking the focus then would drop what they type next.
  useEffect(() => {
    const title = kTitles.find(([pattern]) => matchRoute(pattern, path))?.[1];
    document.title = title ? `${title} · Weft` : 'Weft';
    if (previousPath.current !== null && previousPath.current !== path) {
      window.scrollTo(0, 0);
      const main = document.getElementById('main');
      if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
    }
    previousPath.current = path;
  }, [path]);

  // The same page signed in or out, without waiting for the session.
  if (path === '/unsubscribe') return <Unsubscribe token={query.get('token')} />;
  if (state.status === 'loading') {
    return (
      <div class="splash" role="status">
        Loading Weft…
      </div>
    );
  }
  if (state.status === 'signed-out') {
    return <SignIn next={query.get('next')} notice={state.error} />;
  }
  return (
    <AppShell>
      <SignedInRoutes path={path} />
    </AppShell>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
