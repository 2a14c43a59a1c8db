// "Who can help?": describe a problem in plain words and Weft names the people whose past work
// fits it — problems they solved, solutions, ideas, proposals, records, topics they post about,
// endorsed skills — each with the reasons, linked to the evidence. Optional filters: members of one
// of my spaces, people of one unit, or only people outside my unit. The question and filters live
// in the URL, so a search can be linked (a problem's page links here with its title).

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { expertise as expertiseApi, spaces as spacesApi } from '../api/endpoints';
import type { ExpertSuggestion } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { personHref } from '../components/collab';
import { expertiseHref, ReasonList } from '../components/experts';
import { SelectField, TextAreaField } from '../components/Field';
import { UnitSelect } from '../components/UnitSelect';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';

const kQueryMax = 2000;
const kLimit = 10;

interface Asked {
  q: string;
  space_id: string;
  unit_id: string;
  outside_unit: boolean;
}

function askedFrom(query: URLSearchParams): Asked {
  return {
    q: (query.get('q') ?? '').slice(0, kQueryMax),
    space_id: query.get('space_id') ?? '',
    unit_id: query.get('unit_id') ?? '',
    outside_unit: query.get('outside_unit') === 'true',
  };
}

function ExpertCard({ suggestion }: { suggestion: ExpertSuggestion }) {
  const { byId } = useUnits();
  const { person } = suggestion;
  const headingId = useId();
  const unit = person.unit_id ? byId.get(person.unit_id) : undefined;
  return (
    <li class="card expert-card" data-person-id={person.id} data-score={suggestion.score}>
      <article aria-labelledby={headingId}>
        <header class="expert-card__header">
          <Avatar id={person.id} name={person.name} src={person.avatar_url} />
          <div class="expert-card__who">
            <h2 id={headingId} class="expert-card__name">
              <Link href={personHref(person.id)}>{person.name}</Link>
            </h2>
            {(person.title || unit) && (
              <p class="muted expert-card__title">{[person.title, unit?.name].filter(Boolean).join(' · ')}</p>
            )}
          </div>
        </header>
        <ReasonList suggestion={suggestion} />
      </article>
    </li>
  );
}

export function Expertise() {
  const me = useMe();
  const isGuest = me.role === 'guest';
  const location = useLocation();
  const asked = askedFrom(location.query);
  const [q, setQ] = useState(asked.q);
  const [spaceId, setSpaceId] = useState(asked.space_id);
  const [unitId, setUnitId] = useState(asked.unit_id);
  const [outside, setOutside] = useState(asked.outside_unit);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const form = useRef<HTMLFormElement>(null);
  const outsideId = useId();
  const key = JSON.stringify(asked);

  // A link (or Back) changes the question: the form follows the URL. Only on a change: on the
  // first render the form already holds the URL's question, and an effect run then (after paint)
  // would wipe what was typed in the moment before it.
  const shownKey = useRef(key);
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    setQ(asked.q);
    setSpaceId(asked.space_id);
    setUnitId(asked.unit_id);
    setOutside(asked.outside_unit);
    setFieldError(undefined);
  }, [key]);

  const mine = useItem((signal) => spacesApi.list({ mine: true, limit: 100 }, signal), []);
  const mySpaces = (mine.data?.items ?? []).filter((space) => space.my_role !== null);

  // The server's word on the question itself (a 400 naming q) goes under the text box.
  const [serverFieldError, setServerFieldError] = useState<string | undefined>();
  useEffect(() => setServerFieldError(undefined), [key]);
  const results = useItem(
    async (signal) => {
      try {
        return await expertiseApi.suggest(
          {
            q: asked.q,
            limit: kLimit,
            space_id: asked.space_id || undefined,
            unit_id: asked.unit_id || undefined,
            outside_unit: asked.outside_unit,
          },
          signal,
        );
      } catch (e) {
        if (e instanceof ApiError && e.field === 'q') setServerFieldError(e.message);
        throw e;
      }
    },
    [key],
    { enabled: asked.q.trim() !== '', clearOnChange: true, missingOn: [] },
  );

  const submit = (event: Event) => {
    event.preventDefault();
    setFieldError(undefined);
    const text = q.trim();
    if (!text) {
      setFieldError('Describe the problem first: what happens, and where.');
      form.current?.querySelector<HTMLTextAreaElement>('textarea[name="q"]')?.focus();
      return;
    }
    const href = expertiseHref({ q: text, space_id: spaceId, unit_id: unitId, outside_unit: outside });
    if (href === location.path + window.location.search) void results.reload();
    else navigate(href);
  };

  const data = results.data;
  const searched = asked.q.trim() !== '';
  const filtered = Boolean(asked.space_id || asked.unit_id || asked.outside_unit);
  let status = '';
  if (!searched) status = 'Describe a problem to see who has solved something like it.';
  else if (results.loading && !data) status = 'Looking for people who may help…';
  else if (data && !data.ready) status = 'Weft is still learning who knows what: its index is being built. Try again in a minute.';
  else if (data && data.items.length === 0)
    status = filtered
      ? 'No one matching these filters stands out for this problem.'
      : 'No one stands out for this problem yet.';
  else if (data) status = `${data.items.length === 1 ? '1 person' : `${data.items.length} people`} may help.`;

  const error = results.error;
  const qError = fieldError ?? serverFieldError;

  return (
    <section class="page expertise-page">
      <header class="page__header">
        <h1>Who can help?</h1>
      </header>
      <p class="muted">
        Describe a problem in your own words. Weft suggests people whose past work fits it — problems they solved,
        ideas and proposals, records they worked on, topics they post about, skills others endorsed — and says why.
      </p>
      <form ref={form} class="card form expertise-form" onSubmit={submit} noValidate aria-label="Who can help?">
        <TextAreaField
          label="Describe the problem"
          name="q"
          value={q}
          onValue={(value) => {
            setQ(value);
            setFieldError(undefined);
          }}
          rows={4}
          maxLength={kQueryMax}
          error={qError}
          hint="What happens, where, and what you have tried. Names of systems, customers and products help."
        />
        <div class="expertise-form__filters">
          <SelectField
            label="Space"
            name="space_id"
            value={spaceId}
            onValue={setSpaceId}
            options={[
              { value: '', label: 'Any space' },
              ...mySpaces.map((space) => ({ value: space.id, label: space.name })),
              // A space from a link that is not (or not yet) among mine.
              ...(spaceId && !mySpaces.some((space) => space.id === spaceId)
                ? [{ value: spaceId, label: mine.data ? `Space #${spaceId}` : 'Loading…' }]
                : []),
            ]}
            hint="Only its members."
          />
          {!isGuest && (
            <UnitSelect label="Unit" name="unit_id" value={unitId} onValue={setUnitId} emptyLabel="Any unit" />
          )}
        </div>
        {/* Guests see no units (the organization's chart is its members'). */}
        {!isGuest && (
          <div class="checkbox expertise-form__outside">
            <input
              id={outsideId}
              type="checkbox"
              checked={outside}
              onChange={(event) => setOutside(event.currentTarget.checked)}
            />
            <label for={outsideId}>Only people outside my unit</label>
            <p class="checkbox__hint muted">
              {me.unit_id ? 'To hear from another part of the organization.' : 'You are not in a unit, so this leaves no one out.'}
            </p>
          </div>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={results.loading && searched}>
            {results.loading && searched ? 'Looking…' : 'Find people'}
          </button>
        </div>
      </form>
      {error && !qError && <Alert>{error}</Alert>}
      <p class="muted list-status" role="status" aria-live="polite" data-testid="expertise-status">
        {status}
      </p>
      {data && !data.ready && (
        <button type="button" class="button button--secondary" onClick={() => void results.reload()}>
          Try again
        </button>
      )}
      {data && data.ready && data.items.length === 0 && (
        <div class="card expertise-empty">
          <p>A few things that often help:</p>
          <ul>
            <li>Use the words people would use: the system, the customer, the product, the error message.</li>
            <li>Say what you have already tried.</li>
            {filtered && (
              <li>
                <Link href={expertiseHref({ q: asked.q })}>Ask without the filters</Link>.
              </li>
            )}
            <li>
              Or <Link href="/spaces">post it as a problem in a space</Link>: its members see it, and Weft tells the people it
              would suggest.
            </li>
          </ul>
        </div>
      )}
      {data && data.items.length > 0 && (
        <ol class="expert-results" aria-label="People who may help">
          {data.items.map((suggestion) => (
            <ExpertCard key={suggestion.person.id} suggestion={suggestion} />
          ))}
        </ol>
      )}
    </section>
  );
}
