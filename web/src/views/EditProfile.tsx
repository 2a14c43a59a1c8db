// Editing one's own profile (PATCH /api/v1/people/me): name, title, bio and skills.

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { people as peopleApi } from '../api/endpoints';
import { Alert } from '../components/Alert';
import { TextAreaField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { TagInput } from '../components/TagInput';
import { Link } from '../state/router';
import { useSession } from '../state/session';

const kFields = ['name', 'title', 'bio', 'skills'] as const;

export function EditProfile() {
  const { updatePerson } = useSession();
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [personId, setPersonId] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [bio, setBio] = useState('');
  const [skills, setSkills] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();

  useEffect(() => {
    const controller = new AbortController();
    peopleApi
      .me(controller.signal)
      .then((me) => {
        setPersonId(me.id);
        setName(me.name);
        setTitle(me.title ?? '');
        setBio(me.bio ?? '');
        setSkills(me.skills.map((s) => s.name));
        setLoaded(true);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setLoadError(describeError(e));
      });
    return () => controller.abort();
  }, []);

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

  if (loadError) return <Alert>{loadError}</Alert>;
  if (!loaded) {
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
          <Link href={`/people/${encodeURIComponent(personId)}`}>View profile</Link>
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
