// Editing one's own profile (PATCH /api/v1/people/me): name, title, bio and skills.

import { useState } from 'preact/hooks';
import { people as peopleApi } from '../api/endpoints';
import { Alert } from '../components/Alert';
import { TextAreaField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { TagInput } from '../components/TagInput';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { useSession } from '../state/session';

const kFields = ['name', 'title', 'bio', 'skills'] as const;

export function EditProfile() {
  const { updatePerson } = useSession();
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [bio, setBio] = useState('');
  const [skills, setSkills] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  // The form starts from the stored profile; the fields are filled as it arrives.
  const stored = useItem(
    async (signal) => {
      const me = await peopleApi.me(signal);
      setName(me.name);
      setTitle(me.title ?? '');
      setBio(me.bio ?? '');
      setSkills(me.skills.map((s) => s.name));
      return me;
    },
    [],
    { missingOn: [] },
  );

  const edit = <T,>(setter: (value: T) => void) => (value: T) => {
    setSaved(false);
    setter(value);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    if (!name.trim()) {
      errors.setField('name', 'Your name cannot be empty.');
      return;
    }
    setSaving(true);
    try {
      const person = await peopleApi.updateMe({ name: name.trim(), title: title.trim(), bio, skills });
      updatePerson(person);
      setSkills(person.skills.map((s) => s.name));
      setSaved(true);
    } catch (e) {
      errors.show(e, kFields);
    } finally {
      setSaving(false);
    }
  };

  if (stored.error) return <Alert>{stored.error}</Alert>;
  if (!stored.data) {
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  }

  return (
    <section class="page page--narrow">
      <header class="page__header">
        <h1>Edit profile</h1>
        <nav class="page__links" aria-label="Profile pages">
          <Link href={`/people/${encodeURIComponent(stored.data.id)}`}>View profile</Link>
          <Link href="/me/security">Password and security</Link>
        </nav>
      </header>
      {errors.form && <Alert>{errors.form}</Alert>}
      {saved && <Alert kind="success">Profile saved.</Alert>}
      <form class="card form" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" value={name} onValue={edit(setName)} maxLength={200}
          error={errors.fields.name} required autoComplete="name" />
        <TextField label="Title" name="title" value={title} onValue={edit(setTitle)} maxLength={200}
          error={errors.fields.title} hint="What you do, e.g. “Process engineer”." autoComplete="organization-title" />
        <TextAreaField label="Bio" name="bio" value={bio} onValue={edit(setBio)} maxLength={4000} rows={5}
          error={errors.fields.bio} hint="A few lines about your work and what people can ask you about." />
        <TagInput label="Skills" tags={skills} onTags={edit(setSkills)} error={errors.fields.skills} />
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
    </section>
  );
}
