// A minimal Weft API client for test setup from Node: signs in with a cookie session and sends
// the CSRF token on writes, like the web UI does.

const kBusyDeadlineMs = 30_000;

/**
 * fetch(), sent again while the server answers 503 `unavailable` (its store was busy past its
 * timeout, e.g. while derived views catch up just after start), after Retry-After, until a deadline.
 */
export async function fetchRetryingBusy(url, init) {
  const deadline = Date.now() + kBusyDeadlineMs;
  for (;;) {
    const response = await fetch(url, init);
    if (response.status !== 503 || Date.now() > deadline) return response;
    const wait = Math.min(2_000, 1_000 * (Number(response.headers.get('Retry-After')) || 0.2));
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export class ApiClient {
  constructor(baseURL) {
    this.baseURL = baseURL;
    this.cookie = null;
    this.csrf = null;
    this.person = null;
  }

  static async signedIn(baseURL, email, password) {
    const client = new ApiClient(baseURL);
    const response = await fetchRetryingBusy(`${baseURL}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = await response.json().catch(() => null);
    if (response.status !== 200) {
      throw new Error(`POST /api/v1/session as ${email}: expected 200, got ${response.status} ${JSON.stringify(body)}`);
    }
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('weft_session='));
    if (!cookie) throw new Error('POST /api/v1/session set no weft_session cookie');
    client.cookie = cookie.split(';')[0];
    client.csrf = body.csrf_token;
    client.person = body.person;
    return client;
  }

  async call(method, path, body, expectStatus, extraHeaders = {}) {
    const headers = { Accept: 'application/json', Cookie: this.cookie, ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    const response = await fetchRetryingBusy(`${this.baseURL}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    const expected = Array.isArray(expectStatus) ? expectStatus : [expectStatus];
    if (!expected.includes(response.status)) {
      throw new Error(`${method} /api/v1${path}: expected ${expected.join('/')}, got ${response.status} ${text}`);
    }
    return parsed;
  }
}
