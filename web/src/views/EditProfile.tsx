// Editing one's own profile (PATCH /api/v1/people/me): name, title, bio and skills; one's photo
// (PUT/DELETE /api/v1/me/avatar, shrunk here first when big); and being away
// (PUT /api/v1/me/availability): left out of "who can help" suggestions until a day, or back now.

import { useId, useState } from 'preact/hooks';
import { expertise as expertiseApi, people as peopleApi } from '../api/endpoints';
import type { PersonDetail } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { rfc3339 } from '../components/CollabForms';
import { TextAreaField, TextField } from '../components/Field';
import { LoadError, Skeleton } from '../components/LoadState';
import { useFormErrors } from '../components/formErrors';
import { TagInput } from '../components/TagInput';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { useSession } from '../state/session';

const kFields = ['name', 'title', 'bio', 'skills'] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** A day as <input type="date"> writes it, in local time. */
const dayValue = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const kDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

const kMaxPhotoBytes = 700 * 1024; // what the server takes
const kMaxPhotoSide = 1024; // big photos are drawn this size at most before upload
const kPhotoTypes = 'image/png,image/jpeg';

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(blob);
  });
}

/** The picture in `file`, or null when this browser cannot read it as one. (Not through an <img>:
 * the Content-Security-Policy lets images load only from Weft and data: URLs.) */
async function decodeImage(file: File): Promise<ImageBitmap | null> {
  try {
    return await createImageBitmap(file);
  } catch {
    return null;
  }
}

/**
 * What to send for a chosen file: a big photo (over 1024 px a side, or over 700 KB) is drawn onto a
 * canvas at most 1024 px a side and sent as a JPEG (quality 0.9, less if still too big); a small one
 * is sent as it is. A file the browser cannot read goes as it is too, so the server says what is
 * wrong — unless it is too big to send, then null.
 */
async function photoDataUrl(file: File): Promise<string | null> {
  const image = await decodeImage(file);
  if (!image) return file.size <= kMaxPhotoBytes ? readAsDataUrl(file) : null;
  try {
    const { width, height } = image;
    if (Math.max(width, height) <= kMaxPhotoSide && file.size <= kMaxPhotoBytes) return await readAsDataUrl(file);
    const scale = Math.min(1, kMaxPhotoSide / Math.max(width, height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.fillStyle = '#fff'; // JPEG has no transparency: see-through parts become white, not black
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    let blob: Blob | null = null;
    for (const quality of [0.9, 0.8, 0.7, 0.6]) {
      blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (!blob || blob.size <= kMaxPhotoBytes) break;
    }
    return blob ? await readAsDataUrl(blob) : null;
  } finally {
    image.close();
  }
}

/** Photo: the current one (or the initials), a picker that uploads at once, and Remove photo. */
function Photo({ person }: { person: PersonDetail }) {
  const { state, updatePerson } = useSession();
  const [url, setUrl] = useState<string | null>(person.avatar_url);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = useFormErrors();
  const inputId = useId();

  const choose = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    errors.clear();
    setDone(null);
    setBusy('upload');
    try {
      const image = await photoDataUrl(file);
      if (!image) {
        errors.setField('image', 'This file is over 700 KB and is not a picture this browser can make smaller. Choose a PNG or a JPEG.');
        return;
      }
      const answer = await peopleApi.setAvatar(image);
      setUrl(answer.avatar_url);
      updatePerson(answer); // the top bar shows it too
      setDone('Photo saved.');
    } catch (e) {
      errors.show(e, ['image']);
    } finally {
      setBusy(null);
      input.value = ''; // choosing the same file again uploads it again
    }
  };

  const remove = async () => {
    errors.clear();
    setDone(null);
    setBusy('remove');
    try {
      await peopleApi.removeAvatar();
      setUrl(null);
      if (state.status === 'signed-in') updatePerson({ ...state.person, avatar_url: null });
      setDone('Photo removed.');
    } catch (e) {
      errors.show(e, ['image']);
    } finally {
      setBusy(null);
    }
  };

  const error = errors.fields.image;
  return (
    <section class="card photo" aria-labelledby="photo-heading">
      <h2 id="photo-heading">Photo</h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      {done && <Alert kind="success">{done}</Alert>}
      <div class="photo__body">
        <Avatar id={person.id} name={person.name} size="lg" labelled src={url} />
        <div class={`field photo__field${error ? ' field--invalid' : ''}`}>
          <label for={inputId}>Choose a photo</label>
          <input
            id={inputId}
            type="file"
            name="image"
            accept={kPhotoTypes}
            onChange={(event) => void choose(event)}
            disabled={busy !== null}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${inputId}-error` : `${inputId}-hint`}
          />
          {error ? (
            <p class="field__error" id={`${inputId}-error`}>
              {error}
            </p>
          ) : (
            <p class="field__hint" id={`${inputId}-hint`}>
              A PNG or a JPEG. Weft crops it to a square from the middle; big photos are made smaller first.
            </p>
          )}
          {busy === 'upload' && (
            <p class="muted" role="status">
              Uploading…
            </p>
          )}
        </div>
      </div>
      {url && (
        <div class="form__actions">
          <button type="button" class="button button--secondary" disabled={busy !== null} onClick={() => void remove()}>
            {busy === 'remove' ? 'Removing…' : 'Remove photo'}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * Away: until the start of a chosen day (local time) Weft leaves the person out of every
 * suggestion. `initial` is what the stored profile says (null: not away).
 */
function Away({ initial }: { initial: string | null | undefined }) {
  const [day, setDay] = useState('');
  const [until, setUntil] = useState<string | null | undefined>(initial ?? undefined);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  const inAYear = new Date();
  inAYear.setFullYear(inAYear.getFullYear() + 1);

  const save = async (value: string | null) => {
    setBusy(true);
    errors.clear();
    try {
      const answer = await expertiseApi.setAvailability(value);
      setUntil(answer.unavailable_until);
      if (!answer.unavailable_until) setDay('');
    } catch (e) {
      errors.show(e, ['unavailable_until']);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    errors.clear();
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!match) {
      errors.setField('unavailable_until', 'Choose the day you are back.');
      return;
    }
    const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    void save(rfc3339(start));
  };

  return (
    <section class="card away" aria-labelledby="away-heading">
      <h2 id="away-heading">Away</h2>
      <p class="muted">
        While you are away, Weft does not suggest you as someone who can help, and does not ask you about new problems.
      </p>
      {errors.form && <Alert>{errors.form}</Alert>}
      {until !== undefined && (
        <Alert kind="success">
          {until
            ? `You are left out of suggestions until ${kDayFormat.format(new Date(until))}.`
            : 'You are back: Weft may suggest you again.'}
        </Alert>
      )}
      <form class="form away__form" onSubmit={submit} noValidate aria-label="Away">
        <TextField
          label="Leave me out of suggestions until"
          name="unavailable_until"
          type="date"
          value={day}
          onValue={(value) => {
            setDay(value);
            errors.clear();
          }}
          min={dayValue(tomorrow)}
          max={dayValue(inAYear)}
          error={errors.fields.unavailable_until}
          hint="You are suggested again from the start of that day. At most a year ahead."
        />
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Set away'}
          </button>
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void save(null)}>
            Back now
          </button>
        </div>
      </form>
    </section>
  );
}

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

  if (stored.error) return <LoadError error={stored.error} onRetry={stored.retry} />;
  if (!stored.data) return <Skeleton label="Loading your profile…" kind="page" />;

  return (
    <section class="page page--narrow">
      <header class="page__header">
        <h1>Edit profile</h1>
        <nav class="page__links" aria-label="Profile pages">
          <Link href={`/people/${encodeURIComponent(stored.data.id)}`}>View profile</Link>
          <Link href="/me/security">Password and security</Link>
          <Link href="/settings/notifications">Notifications &amp; e-mail</Link>
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
      <Photo person={stored.data} />
      <Away initial={stored.data.unavailable_until} />
    </section>
  );
}
