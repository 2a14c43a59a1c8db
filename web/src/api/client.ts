// The HTTP transport of the web UI: one fetch wrapper that adds the CSRF header to writes, parses
// the API's error envelope into ApiError, and tells the session state when the server says 401.

import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  /** The whole answer, parsed (e.g. a page save's 409 carries mine, theirs and base beside the error). */
  details: unknown = undefined;

  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let csrfRefresher: (() => Promise<string | null>) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Asked for the token before a write when there is none: a tab that opened while the server could
 * not be reached shows the remembered person without one, and every write would be refused.
 */
export function setCsrfRefresher(refresher: (() => Promise<string | null>) | null): void {
  csrfRefresher = refresher;
}

/** Called when an authenticated request comes back 401 (the session expired or was revoked). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Session endpoints answer 401 as a normal outcome; don't treat it as an expired session. */
  expectUnauthenticated?: boolean;
  /** More request headers (e.g. If-Match). */
  headers?: Record<string, string>;
  /** Sees the response headers of a successful answer (e.g. ETag, Weft-Merged). */
  onHeaders?: (headers: Headers) => void;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const write = method !== 'GET' && method !== 'HEAD';
  // Signing in (POST /session) needs no token; any other write fetches one first if it has none.
  if (write && !csrfToken && csrfRefresher && !(method === 'POST' && path === '/session')) await csrfRefresher();
  if (write && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }

  if (response.status === 204 || response.status === 202) {
    options.onHeaders?.(response.headers);
    return undefined as T;
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.ok) {
    options.onHeaders?.(response.headers);
    return parsed as T;
  }

  const envelope = (parsed as Partial<ApiErrorBody> | undefined)?.error;
  const retryHeader = response.headers.get('Retry-After');
  const error = new ApiError(
    response.status,
    envelope?.code ?? `http_${response.status}`,
    envelope?.message ?? `The server answered ${response.status}.`,
    envelope?.field || undefined,
    retryHeader ? Number(retryHeader) : undefined,
  );
  error.details = parsed;
  if (response.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.();
  throw error;
}

/** A user-facing sentence for any error thrown by request(). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' && error.retryAfter) {
      const minutes = Math.ceil(error.retryAfter / 60);
      return `${error.message} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
