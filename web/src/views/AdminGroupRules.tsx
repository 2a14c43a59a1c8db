// For administrators: group rules (GET and PUT /api/v1/admin/group-rules, POST …/preview). The
// identity provider says which groups people are in (SCIM groups, and the groups claim of their last
// single sign-on); the rules, in order, put the people of a group in a unit and in spaces. Each rule
// names a group, a unit or none, a space or none, and the role in that space; rules are added,
// removed and moved up and down. "Preview" asks the server for a dry run and says per rule what
// saving would do, marked as not saved; "Save and apply" replaces the rules, applies them and says
// what was done. The server's reason for a bad rule names the rule, which is marked.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { groupRules as rulesApi, spaces as spacesApi } from '../api/endpoints';
import type { GroupRule, GroupRuleEffect, NewGroupRule, Space, SpaceName } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { plural } from '../components/collab';
import { SelectField, TextField } from '../components/Field';
import { Skeleton } from '../components/LoadState';
import { UnitSelect } from '../components/UnitSelect';
import { useDebounced } from '../components/useDebounced';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';

type SpaceRole = 'member' | 'guest';

/** A rule as it is being edited; `key` stays with it when it moves. */
interface Draft {
  key: number;
  group: string;
  unitId: string;
  spaceId: string;
  role: SpaceRole;
}

/** The spaces the pickers offer: the first page of the list, and whether there are more to search. */
const kSpacesPage = 100;
const kRoleOptions = [
  { value: 'member', label: 'Member' },
  { value: 'guest', label: 'Guest' },
];

let nextKey = 1;

function toDraft(rule: GroupRule): Draft {
  return { key: nextKey++, group: rule.group, unitId: rule.unit_id ?? '', spaceId: rule.space_id ?? '',
    role: rule.space_role };
}

function toRule(draft: Draft): NewGroupRule {
  const rule: NewGroupRule = { group: draft.group.trim(), unit_id: draft.unitId || null, space_id: draft.spaceId || null };
  if (draft.spaceId) rule.space_role = draft.role;
  return rule;
}

/** Compares the rules as the server would store them, for "changes not saved yet". */
function fingerprint(rules: NewGroupRule[]): string {
  return JSON.stringify(rules.map((r) => [r.group, r.unit_id ?? null, r.space_id ?? null, r.space_id ? r.space_role ?? 'member' : null]));
}

/** "Rule 2: …" → 2 (counted from 1), or null. */
function ruleNumberOf(message: string): number | null {
  const match = /^Rule (\d+)\b/.exec(message);
  return match ? Number(match[1]) : null;
}

function spaceLabel(space: SpaceName): string {
  return space.visibility === 'public' ? space.name : `${space.name} (${space.visibility})`;
}

type Tense = 'preview' | 'applied';

/** One rule's effect in words: "12 people in Finance: 3 would move to the Finance unit, 5 would join Budget 2027 — Ana Lind, …". */
function describeEffect(effect: GroupRuleEffect, tense: Tense, unitName: (id: string) => string,
  spaceName: (id: string) => string): string {
  const { rule, people, unit_changes: unitChanges, space_additions: additions, sample } = effect;
  if (people === 0) return `Nobody is in ${rule.group} yet.`;
  const parts: string[] = [];
  const count = (n: number) => (n === 0 ? 'nobody' : String(n));
  if (rule.unit_id) {
    parts.push(`${count(unitChanges)} ${tense === 'preview' ? 'would move' : 'moved'} to the ${unitName(rule.unit_id)} unit`);
  }
  if (rule.space_id) {
    const as = rule.space_role === 'guest' ? ' as guests' : '';
    parts.push(`${count(additions)} ${tense === 'preview' ? 'would join' : 'joined'} ${spaceName(rule.space_id)}${as}`);
  }
  const more = people - sample.length;
  const names = sample.length ? ` — ${sample.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : '';
  return `${plural(people, 'person', 'people')} in ${rule.group}${parts.length ? `: ${parts.join(', ')}` : ''}${names}.`;
}

interface SpacePickerProps {
  value: string;
  onValue: (value: string) => void;
  /** The first page of the spaces the admin sees. */
  spaces: Space[];
  /** More spaces than that page: offer a search. */
  more: boolean;
  names: Map<string, SpaceName>;
  remember: (found: SpaceName[]) => void;
}

/** A select of the spaces (and "No space"); with many spaces, a search box narrows it first. */
function SpacePicker({ value, onValue, spaces, more, names, remember }: SpacePickerProps) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 250);
  const found = useItem((signal) => spacesApi.list({ q: debounced, limit: 20 }, signal), [debounced],
    { enabled: more && debounced !== '' });
  useEffect(() => {
    if (found.data) remember(found.data.items);
  }, [found.data]);
  // A rule may add people only to a public space or one the admin owns (the server says so too).
  const list: SpaceName[] = (more && debounced && found.data ? found.data.items : spaces).filter(
    (space) => space.visibility === 'public' || space.my_role === 'owner',
  );
  const options = [{ value: '', label: 'No space' }, ...list.map((space) => ({ value: space.id, label: spaceLabel(space) }))];
  if (value && !list.some((space) => space.id === value)) {
    const known = names.get(value);
    options.splice(1, 0, { value, label: known ? spaceLabel(known) : 'The space chosen before' });
  }
  return (
    <div class="group-rule__space">
      {more && (
        <TextField type="search" label="Find a space" value={query} onValue={setQuery} autoComplete="off"
          hint={debounced && found.data && found.data.items.length === 0 ? 'No space matches.' : 'Narrows the list below.'} />
      )}
      <SelectField label="Space" value={value} onValue={onValue} options={options} />
    </div>
  );
}

interface Outcome {
  tense: Tense;
  effects: GroupRuleEffect[];
}

function Outcomes({ outcome, unitName, spaceName }: { outcome: Outcome; unitName: (id: string) => string;
  spaceName: (id: string) => string }) {
  const headingId = useId();
  const preview = outcome.tense === 'preview';
  return (
    <section class={`group-rules__outcome group-rules__outcome--${outcome.tense}`} aria-labelledby={headingId}
      data-testid={preview ? 'group-rules-preview' : 'group-rules-applied'}>
      <h3 id={headingId}>{preview ? 'Preview — not saved yet' : 'Saved and applied'}</h3>
      <p class="group-rules__outcome-lead">
        {preview
          ? 'Nothing has changed: this is what saving these rules would do now.'
          : outcome.effects.length
            ? 'Applied:'
            : 'Saved: there are no rules now. Nobody was moved or removed.'}
      </p>
      {outcome.effects.length > 0 && (
        <ol class="group-rules__effects">
          {outcome.effects.map((effect, index) => (
            <li key={index} data-testid="group-rule-effect">
              <strong>Rule {index + 1}:</strong> {describeEffect(effect, outcome.tense, unitName, spaceName)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

interface EditorProps {
  initial: GroupRule[];
  spaces: Space[];
  moreSpaces: boolean;
  names: Map<string, SpaceName>;
  remember: (found: SpaceName[]) => void;
}

type FocusTarget = { key: number; what: 'up' | 'down' | 'group' } | { key: null; what: 'add' };

function RulesEditor({ initial, spaces, moreSpaces, names, remember }: EditorProps) {
  const { byId: unitsById } = useUnits();
  const [drafts, setDrafts] = useState<Draft[]>(() => initial.map(toDraft));
  const [saved, setSaved] = useState(() => fingerprint(initial.map((rule) => toRule(toDraft(rule)))));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [focus, setFocus] = useState<FocusTarget | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    if (focus.key === null) {
      addRef.current?.focus();
      return;
    }
    const row = listRef.current?.querySelector(`[data-rule-key="${focus.key}"]`);
    // The group is the rule's first field.
    const wanted = row?.querySelector<HTMLElement>(focus.what === 'group' ? 'input' : `[data-focus="${focus.what}"]`);
    // A rule moved to the top or the bottom: its other move button.
    const fallback = row?.querySelector<HTMLElement>(`[data-focus="${focus.what === 'up' ? 'down' : 'up'}"]`);
    if (wanted && !(wanted as HTMLButtonElement).disabled) wanted.focus();
    else fallback?.focus();
  }, [focus]);

  const rules = drafts.map(toRule);
  const dirty = fingerprint(rules) !== saved;
  const errorRule = error ? ruleNumberOf(error) : null;
  const unitName = (unitId: string) => unitsById.get(unitId)?.name ?? 'chosen';
  const spaceName = (spaceId: string) => names.get(spaceId)?.name ?? 'the chosen space';

  /** Any edit: the preview (and what was applied) no longer describe the rules on the page. */
  const edit = (next: (previous: Draft[]) => Draft[]) => {
    setDrafts(next);
    setOutcome(null);
    setError(null);
  };
  const change = (key: number, changes: Partial<Draft>) =>
    edit((previous) => previous.map((draft) => (draft.key === key ? { ...draft, ...changes } : draft)));
  const move = (key: number, by: -1 | 1) => {
    edit((previous) => {
      const from = previous.findIndex((draft) => draft.key === key);
      const to = from + by;
      if (from < 0 || to < 0 || to >= previous.length) return previous;
      const next = [...previous];
      [next[from], next[to]] = [next[to]!, next[from]!];
      return next;
    });
    setFocus({ key, what: by < 0 ? 'up' : 'down' });
  };
  const remove = (key: number) => {
    const index = drafts.findIndex((draft) => draft.key === key);
    const neighbour = drafts[index + 1] ?? drafts[index - 1];
    edit((previous) => previous.filter((draft) => draft.key !== key));
    setFocus(neighbour ? { key: neighbour.key, what: 'group' } : { key: null, what: 'add' });
  };
  const add = () => {
    const draft: Draft = { key: nextKey++, group: '', unitId: '', spaceId: '', role: 'member' };
    edit((previous) => [...previous, draft]);
    setFocus({ key: draft.key, what: 'group' });
  };

  const run = async (what: 'preview' | 'save') => {
    setBusy(what);
    setError(null);
    setOutcome(null);
    try {
      const answer = what === 'preview' ? await rulesApi.preview(rules) : await rulesApi.save(rules);
      if (what === 'save') setSaved(fingerprint(rules));
      setOutcome({ tense: what === 'preview' ? 'preview' : 'applied', effects: answer.items });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form class="card form group-rules" aria-labelledby="group-rules-heading" noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run('save');
      }}>
      <h2 id="group-rules-heading">Rules</h2>
      {drafts.length === 0 ? (
        <p class="group-rules__empty" data-testid="group-rules-empty">
          No rules yet. A rule puts everyone in one of your identity provider’s groups in a unit, a space or both.
        </p>
      ) : (
        <ol class="group-rules__list" ref={listRef}>
          {drafts.map((draft, index) => {
            const number = index + 1;
            const invalid = errorRule === number;
            return (
              <li key={draft.key} data-rule-key={draft.key} class={`group-rule${invalid ? ' group-rule--invalid' : ''}`}>
                <fieldset class="fieldset group-rule__fields">
                  <legend>Rule {number}</legend>
                  {invalid && <p class="field__error group-rule__problem">This rule needs a change: see the message below.</p>}
                  <TextField label="Group" value={draft.group} onValue={(group) => change(draft.key, { group })}
                    autoComplete="off" maxLength={200} placeholder="e.g. Finance"
                    hint="As your identity provider names it; case does not matter." />
                  <UnitSelect label="Unit" emptyLabel="No unit" value={draft.unitId}
                    onValue={(unitId) => change(draft.key, { unitId })} />
                  <SpacePicker value={draft.spaceId} onValue={(spaceId) => change(draft.key, { spaceId })} spaces={spaces}
                    more={moreSpaces} names={names} remember={remember} />
                  {draft.spaceId && (
                    <SelectField label="Role in the space" value={draft.role} options={kRoleOptions}
                      onValue={(role) => change(draft.key, { role: role as SpaceRole })} />
                  )}
                </fieldset>
                <div class="group-rule__actions">
                  <button type="button" class="button button--ghost button--small" data-focus="up" disabled={index === 0}
                    aria-label={`Move rule ${number} up`} onClick={() => move(draft.key, -1)}>
                    ↑ Up
                  </button>
                  <button type="button" class="button button--ghost button--small" data-focus="down"
                    disabled={index === drafts.length - 1} aria-label={`Move rule ${number} down`}
                    onClick={() => move(draft.key, 1)}>
                    ↓ Down
                  </button>
                  <button type="button" class="button button--ghost button--small group-rule__remove"
                    aria-label={`Remove rule ${number}`} onClick={() => remove(draft.key)}>
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <div class="form__actions group-rules__actions">
        <button type="button" ref={addRef} class="button button--secondary" onClick={add}>
          Add a rule
        </button>
        <button type="button" class="button button--outline" disabled={busy !== null || drafts.length === 0}
          onClick={() => void run('preview')}>
          {busy === 'preview' ? 'Previewing…' : 'Preview'}
        </button>
        <button type="submit" class="button button--primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save and apply'}
        </button>
        {dirty && <span class="muted group-rules__dirty" data-testid="group-rules-dirty">Changes not saved yet.</span>}
      </div>
      {error && <Alert>{error}</Alert>}
      <div role="status" class="visually-hidden">
        {outcome?.tense === 'preview' && 'Preview ready below. Nothing has been saved.'}
        {outcome?.tense === 'applied' && 'The rules are saved and applied. What was done is below.'}
      </div>
      {outcome && <Outcomes outcome={outcome} unitName={unitName} spaceName={spaceName} />}
    </form>
  );
}

export function AdminGroupRules() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const units = useUnits();
  const rules = useItem((signal) => rulesApi.list(signal), [], { enabled: isAdmin });
  const spaces = useItem((signal) => spacesApi.list({ limit: kSpacesPage }, signal), [], { enabled: isAdmin });
  const [names, setNames] = useState<Map<string, SpaceName>>(new Map());
  const remember = (found: SpaceName[]) => {
    setNames((previous) => {
      if (found.every((space) => previous.has(space.id))) return previous;
      const next = new Map(previous);
      for (const space of found) next.set(space.id, space);
      return next;
    });
  };
  useEffect(() => {
    if (spaces.data) remember(spaces.data.items);
  }, [spaces.data]);
  // The spaces of saved rules beyond the first page, by name.
  useEffect(() => {
    if (!rules.data || !spaces.data) return;
    const listed = new Set(spaces.data.items.map((space) => space.id));
    const missing = [...new Set(rules.data.items.map((rule) => rule.space_id).filter((id): id is string => !!id && !listed.has(id)))];
    const controller = new AbortController();
    for (const spaceId of missing) {
      spacesApi.get(spaceId, controller.signal).then((space) => remember([space]), () => undefined);
    }
    return () => controller.abort();
  }, [rules.data, spaces.data]);

  if (!isAdmin) {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to write group rules.</p>
      </section>
    );
  }
  const error = rules.error ?? spaces.error ?? units.error;
  // Units too, so that each rule's unit is selected from the start.
  const ready = rules.data && spaces.data && units.loaded;
  return (
    <section class="page page--narrow group-rules-admin">
      <header class="page__header">
        <h1>Group rules</h1>
        <AdminLinks />
      </header>
      <p class="muted">
        Your identity provider says which groups people are in: through SCIM, and in the groups claim when they sign in
        with <Link href="/admin/sign-in">single sign-on</Link>. Rules put the people of a group in a unit and in spaces,
        in order: the first matching rule with a unit sets their unit, and every matching rule with a space adds them to
        it. Nobody is removed from a unit or a space, and owners stay owners. Group names match whatever their case.
      </p>
      {error && <Alert>{error}</Alert>}
      {!ready && !error && <Skeleton label="Loading the group rules…" count={2} />}
      {ready && (
        <RulesEditor initial={rules.data!.items} spaces={spaces.data!.items} moreSpaces={spaces.data!.next_cursor !== null}
          names={names} remember={remember} />
      )}
    </section>
  );
}
