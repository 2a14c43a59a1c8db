// Invitations to a space by e-mail (owners, and administrators): invite an address as member or
// guest (POST /api/v1/spaces/{id}/invitations), list the pending ones with their expiry (GET) and
// withdraw one (DELETE …/invitations/{invitation_id}). An invitation becomes a membership when
// someone signs in with that e-mail; Weft itself sends no e-mail.

import { useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../../api/client';
import { spaces as spacesApi } from '../../api/endpoints';
import type { Space, SpaceInvitation } from '../../api/types';
import { Alert } from '../../components/Alert';
import { DateTime } from '../../components/DateTime';
import { SelectField, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/formErrors';
import { Skeleton } from '../../components/LoadState';
import { useItem } from '../../components/useItem';
import { useMe } from '../../state/session';

type InviteRole = SpaceInvitation['role'];

const kInviteRoles: Array<{ value: InviteRole; label: string }> = [
  { value: 'guest', label: 'Guest' },
  { value: 'member', label: 'Member' },
];

const kRoleWords: Record<InviteRole, string> = { guest: 'guest', member: 'member' };

/** Something that looks like one e-mail address (the server has the final word). */
function plausibleEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(text) && text.length <= 254;
}

function InvitationRow({
  invitation,
  space,
  onWithdrawn,
}: {
  invitation: SpaceInvitation;
  space: Space;
  onWithdrawn: (invitation: SpaceInvitation) => void;
}) {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      await spacesApi.withdrawInvitation(space.id, invitation.id);
      onWithdrawn(invitation);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <li class="member-row invitation-row" data-invitation-id={invitation.id} data-email={invitation.email}
      data-role={invitation.role}>
      <div class="member-row__who">
        <span class="invitation-row__email">{invitation.email}</span>{' '}
        <span class={`badge badge--role-${invitation.role}`}>{kRoleWords[invitation.role]}</span>
        <p class="muted member-row__meta">
          Invited <DateTime value={invitation.created_at} />
          {invitation.invited_by === me.id && ' by you'} ·{' '}
          <span class="invitation-row__expiry">
            expires <DateTime value={invitation.expires_at} />
          </span>
        </p>
      </div>
      <div class="member-row__controls">
        <button type="button" class="button button--ghost button--small" disabled={busy}
          aria-label={`Withdraw the invitation to ${invitation.email}`} onClick={() => void withdraw()}>
          {busy ? 'Withdrawing…' : 'Withdraw'}
        </button>
      </div>
      {error && (
        <p class="field__error member-row__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function SpaceInvitations({ space }: { space: Space }) {
  const list = useItem((signal) => spacesApi.invitations(space.id, signal).then((page) => page.items), [space.id], {
    missingOn: [],
  });
  const { loading, error: loadError } = list;
  const items = list.data ?? [];
  const setItems = (change: (previous: SpaceInvitation[]) => SpaceInvitation[]) =>
    list.setData((previous) => change(previous ?? []));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InviteRole>('guest');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const errors = useFormErrors();
  const headingId = useId();
  const helpId = useId();
  const pendingHeading = useRef<HTMLHeadingElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setNotice('');
    const address = email.trim();
    if (!plausibleEmail(address)) {
      errors.setField('email', 'Enter one e-mail address, such as name@example.com.');
      return;
    }
    setBusy(true);
    try {
      const invitation = await spacesApi.invite(space.id, address, role);
      const already = itemsRef.current.some((i) => i.id === invitation.id);
      setItems((previous) => [invitation, ...previous.filter((i) => i.id !== invitation.id)]);
      setEmail('');
      setNotice(
        already
          ? `${invitation.email} was already invited; that invitation is still pending.`
          : `Invited ${invitation.email} as ${kRoleWords[invitation.role]}.`,
      );
    } catch (e) {
      errors.show(e, ['email', 'role']);
    } finally {
      setBusy(false);
    }
  };

  const withdrawn = (invitation: SpaceInvitation) => {
    setItems((previous) => previous.filter((i) => i.id !== invitation.id));
    setNotice(`Withdrew the invitation to ${invitation.email}.`);
    pendingHeading.current?.focus(); // its button is gone
  };

  return (
    <section class="card invitations" aria-labelledby={headingId}>
      <h3 id={headingId}>Invite by e-mail</h3>
      <p class="muted" id={helpId}>
        The invited person joins this space when they sign in to Weft with that e-mail address, within 14 days;
        Weft sends no e-mail, so let them know yourself.
      </p>
      <form class="invitations__form" onSubmit={submit} noValidate aria-label="Invite by e-mail"
        aria-describedby={helpId}>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField label="E-mail to invite" name="email" type="email" value={email} onValue={setEmail}
          maxLength={254} autoComplete="off" error={errors.fields.email} />
        <SelectField label="Invite as" name="role" value={role} onValue={(v) => setRole(v as InviteRole)}
          options={kInviteRoles} error={errors.fields.role}
          hint="Guests see only this space. Someone with a guest account always joins as a guest." />
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
      <p class="field__ok" role="status">
        {notice}
      </p>
      <h4 class="invitations__heading" tabIndex={-1} ref={pendingHeading}>
        Pending invitations <span class="count-badge">{items.length}</span>
      </h4>
      {loadError && <Alert>{loadError}</Alert>}
      {loading && !loadError && <Skeleton label="Loading invitations…" count={1} />}
      {!loading && !loadError && items.length === 0 && <p class="muted">No pending invitations.</p>}
      {items.length > 0 && (
        <ul class="member-list" aria-label="Pending invitations">
          {items.map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} space={space} onWithdrawn={withdrawn} />
          ))}
        </ul>
      )}
    </section>
  );
}
