// A list of people as cards linking to their profiles; used by the directory and follow lists.

import type { Person } from '../api/types';
import { Link } from '../state/router';
import { useUnits } from '../state/units';
import { Avatar } from './Avatar';

export function PersonCard({ person }: { person: Person }) {
  const { byId } = useUnits();
  const unit = person.unit_id ? byId.get(person.unit_id) : undefined;
  const topSkills = person.skills.slice(0, 4);
  return (
    <li class="person-card">
      <Avatar id={person.id} name={person.name} src={person.avatar_url} />
      <div class="person-card__body">
        <Link class="person-card__name" href={`/people/${encodeURIComponent(person.id)}`}>
          {person.name}
        </Link>
        <p class="person-card__meta">
          <span class="handle">@{person.handle}</span>
          {person.title && <span> · {person.title}</span>}
          {unit && <span> · {unit.name}</span>}
        </p>
        {topSkills.length > 0 && (
          <ul class="chips chips--small" aria-label="Skills">
            {topSkills.map((skill) => (
              <li key={skill.name} class="chip">
                {skill.name}
              </li>
            ))}
            {person.skills.length > topSkills.length && (
              <li class="chip chip--more">+{person.skills.length - topSkills.length}</li>
            )}
          </ul>
        )}
      </div>
    </li>
  );
}

export function PersonList({ people, label }: { people: Person[]; label: string }) {
  return (
    <ul class="person-list" aria-label={label}>
      {people.map((person) => (
        <PersonCard key={person.id} person={person} />
      ))}
    </ul>
  );
}
