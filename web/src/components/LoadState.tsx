// Loading, failing and being empty, the same way everywhere: grey placeholder blocks in the shape
// of what is coming (busy, with the words for screen readers), an error with "Try again", and a
// status line that says what is there — or, when nothing is, what to do next.

import type { ComponentChildren } from 'preact';

export type SkeletonKind = 'rows' | 'posts' | 'page' | 'cards';

/** Placeholder blocks while something loads. `label` is read out (and ends with "…"). */
export function Skeleton({ label, kind = 'rows', count = 3 }: { label: string; kind?: SkeletonKind; count?: number }) {
  return (
    <div class={`skeleton skeleton--${kind}`} aria-busy="true" data-skeleton="">
      <p class="visually-hidden" role="status">
        {label}
      </p>
      {Array.from({ length: kind === 'page' ? 1 : count }, (_, index) => (
        <div key={index} class="skeleton__item" aria-hidden="true">
          {kind === 'posts' && <span class="skeleton__avatar" />}
          <span class="skeleton__lines">
            <span class="skeleton__line skeleton__line--title" />
            <span class="skeleton__line" />
            <span class="skeleton__line skeleton__line--short" />
            {kind === 'page' && (
              <>
                <span class="skeleton__line" />
                <span class="skeleton__line" />
                <span class="skeleton__line skeleton__line--short" />
              </>
            )}
          </span>
        </div>
      ))}
    </div>
  );
}

interface LoadErrorProps {
  error: string;
  onRetry: () => void;
  /** "Problems": the message starts "Problems could not be loaded." */
  what?: string;
  /** Other ways out, beside "Try again". */
  children?: ComponentChildren;
}

/** What went wrong, and a button that asks again. */
export function LoadError({ error, onRetry, what, children }: LoadErrorProps) {
  return (
    <div class="alert alert--error load-error" role="alert">
      <p class="load-error__message">
        {what ? `${what} could not be loaded. ` : ''}
        {error}
      </p>
      <p class="load-error__actions">
        <button type="button" class="button button--secondary button--small" onClick={onRetry}>
          Try again
        </button>
        {children}
      </p>
    </div>
  );
}

interface ListStatusProps {
  /** Nothing to show yet: the first page is on its way. */
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  /** Read out while loading, e.g. "Loading problems…". */
  loadingLabel: string;
  /** The line when loaded: a count, or what to do about an empty list. */
  children?: ComponentChildren;
  skeleton?: SkeletonKind;
  /** "Problems": the error then says "Problems could not be loaded." */
  what?: string;
  /** Other ways out of an error, beside "Try again". */
  errorActions?: ComponentChildren;
}

/** A list's error, its status line (announced politely) and its skeleton while it loads. */
export function ListStatus({
  loading,
  error,
  onRetry,
  loadingLabel,
  children,
  skeleton = 'rows',
  what,
  errorActions,
}: ListStatusProps) {
  const waiting = loading && !error;
  return (
    <>
      {error && (
        <LoadError error={error} onRetry={onRetry} what={what}>
          {errorActions}
        </LoadError>
      )}
      <p class="muted list-status" role="status" aria-live="polite">
        {waiting ? <span class="visually-hidden">{loadingLabel}</span> : error ? '' : children}
      </p>
      {waiting && <SkeletonBlocks kind={skeleton} />}
    </>
  );
}

/** The blocks alone (the words are in a status line already). */
function SkeletonBlocks({ kind }: { kind: SkeletonKind }) {
  return (
    <div class={`skeleton skeleton--${kind}`} aria-busy="true" data-skeleton="">
      {[0, 1, 2].map((index) => (
        <div key={index} class="skeleton__item" aria-hidden="true">
          {kind === 'posts' && <span class="skeleton__avatar" />}
          <span class="skeleton__lines">
            <span class="skeleton__line skeleton__line--title" />
            <span class="skeleton__line" />
            <span class="skeleton__line skeleton__line--short" />
          </span>
        </div>
      ))}
    </div>
  );
}
