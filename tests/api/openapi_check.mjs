// A light check of real responses against the served OpenAPI document (/api/openapi.json): the
// operation must be documented, and a JSON 2xx body must hold every top-level `required`
// property of the documented response schema ($ref and allOf resolved). Deeper validation is
// deliberately left out; the point is that the document and the server cannot drift apart.

/** Path prefixes the document's `servers` put in front of its paths ('' always included). */
function basePaths(spec) {
  const bases = new Set(['']);
  for (const server of spec.servers ?? []) {
    try {
      const pathname = new URL(server.url, 'http://placeholder').pathname.replace(/\/+$/, '');
      bases.add(pathname);
    } catch {
      // An unparsable server URL documents no prefix.
    }
  }
  return [...bases];
}

function templateRegex(template) {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

/**
 * Finds the documented operation for a concrete request path (query string ignored). Literal
 * paths win over templated ones (PATCH /api/v1/people/me before /api/v1/people/{id}).
 * Returns {template, operation} or {problem}.
 */
export function findOperation(spec, method, concretePath) {
  if (!spec || typeof spec.paths !== 'object') return { problem: 'openapi.json has no paths object' };
  const requestPath = concretePath.split('?')[0];
  const verb = method.toLowerCase();
  let best = null;
  let pathKnown = false;
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const base of basePaths(spec)) {
      if (!templateRegex(base + template).test(requestPath)) continue;
      pathKnown = true;
      const operation = item?.[verb];
      if (!operation) continue;
      const params = (template.match(/\{/g) ?? []).length;
      if (!best || params < best.params) best = { template: base + template, operation, params };
    }
  }
  if (best) return { template: best.template, operation: best.operation };
  return {
    problem: pathKnown
      ? `openapi.json documents no ${method} for ${requestPath}`
      : `openapi.json documents no path matching ${requestPath}`,
  };
}

/** Resolves a local `$ref` (#/components/...), following chains. */
export function resolveRef(spec, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops += 1) {
    if (hops > 32 || !current.$ref.startsWith('#/')) return undefined;
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((value, key) => (value == null ? undefined : value[key]), spec);
  }
  return current;
}

function requiredProperties(spec, schemaNode, depth = 0) {
  const schema = resolveRef(spec, schemaNode);
  if (!schema || depth > 16) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const part of schema.allOf ?? []) {
    for (const name of requiredProperties(spec, part, depth + 1)) required.add(name);
  }
  return [...required];
}

function documentedResponse(operation, status) {
  const responses = operation.responses ?? {};
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

/**
 * Checks one response; returns a list of problems (empty when it conforms).
 * `body` is the parsed JSON body (only checked for 2xx answers with a JSON schema).
 */
export function checkResponse(spec, { method, path, status, body }) {
  const found = findOperation(spec, method, path);
  if (found.problem) return [found.problem];
  const response = resolveRef(spec, documentedResponse(found.operation, status));
  if (!response) return [`openapi.json documents no ${status} response for ${method} ${found.template}`];
  if (status < 200 || status >= 300 || body == null) return [];
  const content = response.content ?? {};
  const mediaType = Object.keys(content).find((type) => type.startsWith('application/json'));
  if (!mediaType || !content[mediaType].schema) {
    return [`openapi.json gives no application/json schema for ${method} ${found.template} ${status}`];
  }
  if (typeof body !== 'object' || Array.isArray(body)) return [];
  return requiredProperties(spec, content[mediaType].schema)
    .filter((name) => !(name in body))
    .map((name) => `${method} ${found.template} ${status}: required property "${name}" is missing`);
}
