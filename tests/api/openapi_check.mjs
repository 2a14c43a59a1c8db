// Checks real responses against the served OpenAPI document (/api/openapi.json): the operation
// must be documented, and a JSON 2xx body must match the documented response schema in full —
// types, required properties, nested objects and array items, enums, nullability ($ref, allOf,
// oneOf resolved). A schema too loose to say anything (an array without `items`, an object without
// `properties`) is itself reported, so that every shape a client sees is written down. The point:
// the document, the web UI's types generated from it, and the server cannot drift apart.

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

const kDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected, actual) {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/**
 * Validates `value` against `schemaNode`; appends problems ("at $.items[0].author.id: …") to
 * `problems`. Supports what the document uses: $ref, allOf, oneOf/anyOf, type (also as a list with
 * "null"), enum, const, format date-time, properties/required/additionalProperties, items.
 */
export function validate(spec, schemaNode, value, where = '$', problems = [], depth = 0) {
  if (depth > 64) return problems;
  const schema = resolveRef(spec, schemaNode);
  if (!schema) {
    problems.push(`at ${where}: unresolvable schema ${JSON.stringify(schemaNode).slice(0, 120)}`);
    return problems;
  }
  if (schema.allOf) {
    for (const part of schema.allOf) validate(spec, part, value, where, problems, depth + 1);
  }
  for (const key of ['oneOf', 'anyOf']) {
    if (!schema[key]) continue;
    const passing = schema[key].filter((part) => validate(spec, part, value, where, [], depth + 1).length === 0);
    if (passing.length === 0 || (key === 'oneOf' && passing.length > 1)) {
      const detail = schema[key].map((part) => validate(spec, part, value, where, [], depth + 1)[0]).join(' | ');
      problems.push(`at ${where}: ${passing.length === 0 ? 'matches none' : 'matches more than one'} of ${key}: ${detail}`);
    }
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => typeMatches(type, actual))) {
      problems.push(`at ${where}: expected ${types.join(' or ')}, got ${actual} ${JSON.stringify(value)?.slice(0, 80)}`);
      return problems;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`at ${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && schema.const !== value) {
    problems.push(`at ${where}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (schema.format === 'date-time' && actual === 'string' && !kDateTime.test(value)) {
    problems.push(`at ${where}: ${JSON.stringify(value)} is not an RFC 3339 UTC time`);
  }
  const composed = Boolean(schema.allOf || schema.oneOf || schema.anyOf);
  if (actual === 'object') {
    const properties = schema.properties ?? {};
    if (!schema.properties && !schema.additionalProperties && !composed) {
      problems.push(`at ${where}: the schema gives no properties for this object (too loose to check)`);
    }
    for (const name of schema.required ?? []) {
      if (!(name in value)) problems.push(`at ${where}: required property "${name}" is missing`);
    }
    for (const [name, item] of Object.entries(value)) {
      if (properties[name]) {
        validate(spec, properties[name], item, `${where}.${name}`, problems, depth + 1);
      } else if (schema.additionalProperties === false) {
        problems.push(`at ${where}: property "${name}" is not in the schema`);
      } else if (typeof schema.additionalProperties === 'object') {
        validate(spec, schema.additionalProperties, item, `${where}.${name}`, problems, depth + 1);
      }
    }
  }
  if (actual === 'array') {
    if (!schema.items && !composed) {
      if (value.length > 0) problems.push(`at ${where}: the schema gives no items for this array (too loose to check)`);
    } else if (schema.items) {
      value.forEach((item, index) => validate(spec, schema.items, item, `${where}[${index}]`, problems, depth + 1));
    }
  }
  return problems;
}

function documentedResponse(operation, status) {
  const responses = operation.responses ?? {};
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

/**
 * Checks one response; returns a list of problems (empty when it conforms).
 * `body` is the parsed JSON body, checked against the documented response's JSON schema: every 2xx
 * answer must have one; an error answer is checked against the one its status documents.
 */
export function checkResponse(spec, { method, path, status, body }) {
  const found = findOperation(spec, method, path);
  if (found.problem) return [found.problem];
  const response = resolveRef(spec, documentedResponse(found.operation, status));
  if (!response) return [`openapi.json documents no ${status} response for ${method} ${found.template}`];
  if (body == null) return [];
  const content = response.content ?? {};
  const mediaType = Object.keys(content).find((type) => type.startsWith('application/json'));
  if (status < 200 || status >= 300) {
    if (!mediaType || !content[mediaType].schema) return [];
    return validate(spec, content[mediaType].schema, body).map((problem) => `${method} ${found.template} ${status}: ${problem}`);
  }
  if (!mediaType || !content[mediaType].schema) {
    return [`openapi.json gives no application/json schema for ${method} ${found.template} ${status}`];
  }
  return validate(spec, content[mediaType].schema, body).map((problem) => `${method} ${found.template} ${status}: ${problem}`);
}
