// A small OpenID Connect provider for tests, on loopback: discovery, keys (JWKS), an authorize
// endpoint that signs in whoever the test names (no login form) and a token endpoint that checks
// the client, the code, the redirect URI and the PKCE verifier, then answers an ID token signed
// with node:crypto. A test may bend the next ID token (its claims, header or key) to see it refused.
import crypto from 'node:crypto';
import http from 'node:http';

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

export function makeKey(kid, type = 'rsa') {
  const { privateKey, publicKey } = type === 'ec'
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: type === 'ec' ? 'ES256' : 'RS256' };
  return { kid, privateKey, jwk, alg: jwk.alg };
}

export function signJwt(header, claims, key) {
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (header.alg === 'none') return `${data}.`;
  if (header.alg === 'HS256') return `${data}.${b64url(crypto.createHmac('sha256', JSON.stringify(key.jwk)).update(data).digest())}`;
  const signature = header.alg === 'ES256'
    ? crypto.sign('sha256', Buffer.from(data), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
    : crypto.sign('sha256', Buffer.from(data), key.privateKey);
  return `${data}.${b64url(signature)}`;
}

export async function startProvider({ clientId = 'weft-test', clientSecret = 'test-secret' } = {}) {
  const provider = {
    clientId, clientSecret,
    keys: [makeKey('key-1')],
    signingKey: null,
    user: { sub: 'user-1', email: 'user-1@example.com', email_verified: true, name: 'User One' },
    bend: null, // (claims, header) => {claims, header, key}
    codes: new Map(),
    tokenRequests: 0,
    jwksRequests: 0,
    logouts: 0,
  };
  provider.signingKey = provider.keys[0];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, provider.url);
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: provider.url, authorization_endpoint: `${provider.url}/authorize`, token_endpoint: `${provider.url}/token`,
        jwks_uri: `${provider.url}/jwks`, end_session_endpoint: `${provider.url}/logout`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') {
      provider.jwksRequests += 1;
      return send(200, { keys: provider.keys.map((k) => k.jwk) });
    }
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      provider.lastAuthorize = Object.fromEntries(p);
      if (p.get('client_id') !== clientId || p.get('response_type') !== 'code') return send(400, { error: 'invalid_request' });
      const code = crypto.randomBytes(16).toString('hex');
      provider.codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), redirect: p.get('redirect_uri'), user: { ...provider.user } });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      provider.tokenRequests += 1;
      let text = '';
      for await (const chunk of req) text += chunk;
      const form = new URLSearchParams(text);
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return send(401, { error: 'invalid_client' });
      const grant = provider.codes.get(form.get('code'));
      provider.codes.delete(form.get('code'));
      if (!grant || grant.redirect !== form.get('redirect_uri')) return send(400, { error: 'invalid_grant' });
      const challenge = b64url(crypto.createHash('sha256').update(form.get('code_verifier') || '').digest());
      if (challenge !== grant.challenge) return send(400, { error: 'invalid_grant', error_description: 'PKCE' });
      const now = Math.floor(Date.now() / 1000);
      let claims = { iss: provider.url, aud: clientId, iat: now, exp: now + 300, nonce: grant.nonce, ...grant.user };
      let header = { alg: provider.signingKey.alg, kid: provider.signingKey.kid, typ: 'JWT' };
      let key = provider.signingKey;
      if (provider.bend) ({ claims, header, key } = { claims, header, key, ...provider.bend(claims, header, key) });
      return send(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: signJwt(header, claims, key) });
    }
    if (url.pathname === '/logout') {
      // RP-initiated logout: back to where the client asked, when it is given.
      provider.logouts += 1;
      const back = url.searchParams.get('post_logout_redirect_uri');
      res.writeHead(back ? 302 : 200, back ? { location: back } : { 'content-type': 'text/plain' });
      return res.end(back ? '' : 'Signed out.');
    }
    send(404, { error: 'not_found' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${server.address().port}`;
  provider.stop = () => new Promise((resolve) => server.close(resolve));
  return provider;
}
