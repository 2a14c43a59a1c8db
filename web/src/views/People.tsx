// The people directory: as-you-type search (q), unit and skill filters, cursor pagination with
// "Load more" and infinite scroll. Filters live in the URL so a search can be shared or reloaded.

import { useEffect, useState } from 'preact/hooks';
import { people as peopleApi, skills as skillsApi } from '../api/endpoints';
import { TextField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { PersonList } from '../components/PersonList';
import { UnitSelect } from '../components/UnitSelect';
import { useDebounced } from '../components/useDebounced';
import { ListStatus } from '../components/LoadState';
import { usePagedList } from '../components/usePagedList';
import { navigate, useLocation } from '../state/router';

const kPageSize = 24;

export function People() {
  const location = useLocation();
  const [q, setQ] = useState(() => location.query.get('q') ?? '');
  const [unitId, setUnitId] = useState(() => location.query.get('unit_id') ?? '');
  const [skill, setSkill] = useState(() => location.query.get('skill') ?? '');
  const [skillSuggestions, setSkillSuggestions] = useState<string[]>([]);
  const debouncedQ = useDebounced(q.trim(), 250);
  const debouncedSkill = useDebounced(skill.trim(), 250);

  const { items, cursor, loading, error, loadMore, retry } = usePagedList(
    (next, signal) =>
      peopleApi.list({ q: debouncedQ, unit_id: unitId, skill: debouncedSkill, limit: kPageSize, cursor: next }, signal),
    JSON.stringify([debouncedQ, unitId, debouncedSkill]),
  );

  // Keep the URL in step with the filters (replace: typing is not navigation).
  useEffect(() => {
    const params = new URLSearchParams();
    if (debouncedQ) params.set('q', debouncedQ);
    if (unitId) params.set('unit_id', unitId);
    if (debouncedSkill) params.set('skill', debouncedSkill);
    const search = params.toString();
    navigate(`/people${search ? `?${search}` : ''}`, { replace: true });
  }, [debouncedQ, unitId, debouncedSkill]);

  useEffect(() => {
    if (!debouncedSkill) {
      setSkillSuggestions([]);
      return;
    }
    const controller = new AbortController();
    skillsApi
      .search(debouncedSkill, 8, controller.signal)
      .then((page) => setSkillSuggestions(page.items.map((s) => s.name)))
      .catch(() => undefined);
    return () => controller.abort();
  }, [debouncedSkill]);

  const filtered = Boolean(debouncedQ || unitId || debouncedSkill);
  const status = loading && items.length === 0
    ? 'Searching…'
    : items.length === 0
      ? filtered
        ? 'No one matches these filters. Try other words, or clear the filters to see everyone.'
        : 'No people yet.'
      : `Showing ${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'person' : 'people'}`;

  return (
    <section class="page">
      <header class="page__header">
        <h1>People</h1>
      </header>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          className="filters__q"
          label="Search people"
          type="search"
          name="q"
          placeholder="Name, handle, title or skill"
          value={q}
          onValue={setQ}
          autoComplete="off"
        />
        <UnitSelect label="Unit" value={unitId} onValue={setUnitId} emptyLabel="All units" name="unit_id" />
        <TextField
          label="Skill"
          name="skill"
          placeholder="Exact skill"
          value={skill}
          onValue={setSkill}
          list="skill-filter-suggestions"
          autoComplete="off"
        />
        <datalist id="skill-filter-suggestions">
          {skillSuggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {filtered && (
          <button
            type="button"
            class="button button--ghost filters__clear"
            onClick={() => {
              setQ('');
              setUnitId('');
              setSkill('');
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <ListStatus
        loading={loading && items.length === 0}
        error={error}
        onRetry={retry}
        loadingLabel="Searching…"
        what="People"
      >
        {status}
      </ListStatus>
      <PersonList people={items} label="People" />
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} auto />
    </section>
  );
}
