// Notifications & e-mail (GET and PUT /api/v1/me/mail): the address Weft writes to, how often —
// the organization's default, as it happens, a daily or weekly digest, or never — and, for each of
// the person's spaces, as it happens, never, or whatever the default says. "Save" sends the default
// and the spaces that changed, and the form starts again from what the server answers.

import { useId, useState } from 'preact/hooks';
import { mail as mailApi } from '../api/endpoints';
import type { MailMode, MailPreferences, SpaceMailMode } from '../api/types';
import { Alert } from '../components/Alert';
import { LoadError, Skeleton } from '../components/LoadState';
import { useFormErrors } from '../components/formErrors';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';

/** The person's default as the radio group holds it: their own mode, or the organization's. */
type DefaultChoice = 'organization' | MailMode;

export const kMailModeLabels: Record<MailMode, string> = {
  realtime: 'As it happens',
  daily: 'Daily digest',
  weekly: 'Weekly digest',
  off: 'Off',
};

export const kMailModeExplanations: Record<MailMode, string> = {
  realtime: 'An e-mail right away for replies, mentions and work in your spaces — never for reactions or follows.',
  daily: 'One e-mail a day with what needs you: problems you could help with, proposals closing soon, replies waiting, outcomes in your spaces. None on days when nothing does.',
  weekly: 'The same as the daily digest, once a week on Mondays.',
  off: 'No e-mail from Weft. You still see everything under Notifications.',
};

/** The mode in a sentence: "… means the weekly digest for now". */
const kMailModePhrases: Record<MailMode, string> = {
  realtime: 'an e-mail as it happens',
  daily: 'the daily digest',
  weekly: 'the weekly digest',
  off: 'no e-mail',
};

const kModes: MailMode[] = ['realtime', 'daily', 'weekly', 'off'];

const kSpaceOptions: Array<{ value: SpaceMailMode; label: string }> = [
  { value: 'default', label: 'Follow my default' },
  { value: 'realtime', label: 'As it happens' },
  { value: 'off', label: 'Off' },
];

const kFields = ['default_mode', 'spaces'] as const;

/** A space's stored choice as the select shows it (anything but realtime and off follows the default). */
function spaceChoice(mode: string): SpaceMailMode {
  return mode === 'realtime' || mode === 'off' ? mode : 'default';
}

function choiceOf(preferences: MailPreferences): DefaultChoice {
  return preferences.default_mode ?? 'organization';
}

function spaceChoices(preferences: MailPreferences): Record<string, SpaceMailMode> {
  return Object.fromEntries(preferences.spaces.map((space) => [space.space_id, spaceChoice(space.mode)]));
}

function MailForm({ initial }: { initial: MailPreferences }) {
  const [stored, setStored] = useState(initial);
  const [choice, setChoice] = useState<DefaultChoice>(choiceOf(initial));
  const [spaces, setSpaces] = useState<Record<string, SpaceMailMode>>(spaceChoices(initial));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const id = useId();

  const choose = (next: DefaultChoice) => {
    setSaved(false);
    setChoice(next);
  };
  const chooseSpace = (spaceId: string, mode: SpaceMailMode) => {
    setSaved(false);
    setSpaces((previous) => ({ ...previous, [spaceId]: mode }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    const before = spaceChoices(stored);
    const changedSpaces = Object.entries(spaces)
      .filter(([spaceId, mode]) => before[spaceId] !== mode)
      .map(([spaceId, mode]) => ({ space_id: spaceId, mode }));
    setBusy(true);
    try {
      const answer = await mailApi.savePreferences({
        default_mode: choice === 'organization' ? null : choice,
        ...(changedSpaces.length ? { spaces: changedSpaces } : {}),
      });
      setStored(answer);
      setChoice(choiceOf(answer));
      setSpaces(spaceChoices(answer));
      setSaved(true);
    } catch (e) {
      errors.show(e, kFields);
    } finally {
      setBusy(false);
    }
  };

  const organization = kMailModeLabels[stored.organization_mode];
  const effective = choice === 'organization' ? stored.organization_mode : choice;
  const options: Array<{ value: DefaultChoice; label: string; hint: string }> = [
    {
      value: 'organization',
      label: `Organization default (${organization})`,
      hint: `Whatever your organization chooses for everyone; now ${kMailModePhrases[stored.organization_mode]}.`,
    },
    ...kModes.map((mode) => ({ value: mode, label: kMailModeLabels[mode], hint: kMailModeExplanations[mode] })),
  ];

  return (
    <form class="card form mail-settings" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>E-mail</h2>
      <p class="mail-settings__address">
        Weft e-mails you at <strong data-testid="mail-address">{stored.email}</strong>.
      </p>
      <fieldset class="fieldset visibility-choice mail-settings__modes"
        aria-describedby={errors.fields.default_mode ? `${id}-default-error` : undefined}>
        <legend>How often</legend>
        {options.map((option) => (
          <label key={option.value} class="visibility-choice__option">
            <input
              type="radio"
              name={`${id}-default`}
              value={option.value}
              checked={choice === option.value}
              onChange={() => choose(option.value)}
              aria-labelledby={`${id}-${option.value}-label`}
              aria-describedby={`${id}-${option.value}-hint`}
            />
            <span>
              <span class="visibility-choice__label" id={`${id}-${option.value}-label`}>
                {option.label}
              </span>
              <span class="visibility-choice__hint muted" id={`${id}-${option.value}-hint`}>
                {option.hint}
              </span>
            </span>
          </label>
        ))}
        {errors.fields.default_mode && (
          <p class="field__error" id={`${id}-default-error`}>
            {errors.fields.default_mode}
          </p>
        )}
      </fieldset>

      <h3 id={`${id}-spaces-heading`}>Your spaces</h3>
      <p class="muted" id={`${id}-spaces-help`}>
        A space can e-mail you as it happens even when you chose a digest, or never. “Follow my default” means{' '}
        {kMailModePhrases[effective]} for now.
      </p>
      {stored.spaces.length === 0 ? (
        <p class="muted">You are not in any space yet.</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby={`${id}-spaces-heading`} tabIndex={0}>
          <table class="table mail-settings__spaces" aria-labelledby={`${id}-spaces-heading`}
            aria-describedby={`${id}-spaces-help`}>
            <thead>
              <tr>
                <th scope="col">Space</th>
                <th scope="col">E-mail</th>
              </tr>
            </thead>
            <tbody>
              {stored.spaces.map((space) => {
                const selectId = `${id}-space-${space.space_id}`;
                return (
                  <tr key={space.space_id} data-space={space.space_id}>
                    <th scope="row">
                      <Link href={`/spaces/${encodeURIComponent(space.space_id)}`}>{space.space_name}</Link>
                    </th>
                    <td>
                      <label for={selectId} class="visually-hidden">
                        E-mail about {space.space_name}
                      </label>
                      <select
                        id={selectId}
                        value={spaces[space.space_id] ?? 'default'}
                        onChange={(event) => chooseSpace(space.space_id, event.currentTarget.value as SpaceMailMode)}
                        aria-invalid={errors.fields.spaces ? true : undefined}
                        aria-describedby={errors.fields.spaces ? `${id}-spaces-error` : undefined}
                      >
                        {kSpaceOptions.map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {errors.fields.spaces && (
        <p class="field__error" id={`${id}-spaces-error`}>
          {errors.fields.spaces}
        </p>
      )}
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <span role="status">{saved && <span class="field__ok">Saved</span>}</span>
      </div>
    </form>
  );
}

export function MailSettings() {
  const preferences = useItem((signal) => mailApi.preferences(signal), [], { missingOn: [] });
  return (
    <section class="page page--narrow">
      <header class="page__header">
        <h1>Notifications &amp; e-mail</h1>
        <nav class="page__links" aria-label="Settings pages">
          <Link href="/me/edit">Edit profile</Link>
          <Link href="/me/security">Password and security</Link>
          <Link href="/me/tokens">API tokens</Link>
        </nav>
      </header>
      <p class="muted">
        Everything that concerns you is under <Link href="/notifications">Notifications</Link>. Here you choose what
        Weft also sends you by e-mail.
      </p>
      {preferences.error && <LoadError error={preferences.error} onRetry={preferences.retry} what="Your e-mail settings" />}
      {!preferences.data && !preferences.error && <Skeleton label="Loading your e-mail settings…" kind="page" />}
      {preferences.data && <MailForm initial={preferences.data} />}
    </section>
  );
}
