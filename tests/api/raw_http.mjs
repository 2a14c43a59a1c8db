// Raw HTTP/1.1 over node:net, for requests fetch() will not send: garbage, bodies the server may
// refuse before reading them, broken framing. One exchange per connection.

import net from 'node:net';

/**
 * Connects to 127.0.0.1:port, writes `chunks` (strings or Buffers) in order, and resolves with
 * the first response: {status, headers (lowercase names), body (string), closed}. status is null
 * when the server closed the connection without answering. Write errors after the server has
 * answered (it may close before reading an oversized body) are recorded as `socketError`.
 * `end: true` half-closes after writing. `graceAfterHeadMs` gives a server that refuses a request
 * on its headers alone (Content-Length over the limit) the chance to answer before the body is
 * sent. Timeouts are safety nets, not assertions.
 */
export function rawExchange(port, chunks, { end = false, timeoutMs = 10_000, graceAfterHeadMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ...parse(received), timedOut: true }), timeoutMs);

    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      const parsed = parse(received);
      if (parsed.complete) finish(parsed);
    });
    let socketError = null;
    socket.on('error', (error) => { socketError = error.code ?? error.message; });
    socket.on('close', () => finish({ ...parse(received), closed: true, socketError }));
    socket.on('connect', async () => {
      for (const [index, chunk] of chunks.entries()) {
        // Once the server has started to answer, stop sending: a write into a connection the
        // server has closed makes Node destroy the socket before the answer is read.
        if (settled || socket.destroyed || received.length > 0) return;
        await new Promise((r) => socket.write(chunk, r));
        await new Promise((r) => setImmediate(r));
        if (index === 0 && graceAfterHeadMs > 0 && received.length === 0) {
          await new Promise((r) => {
            const wait = setTimeout(r, graceAfterHeadMs);
            socket.once('data', () => { clearTimeout(wait); r(); });
          });
        }
      }
      if (end && !socket.destroyed) socket.end();
    });
  });
}

function parse(buffer) {
  const headerEnd = buffer.indexOf('\r\n\r\n');
  if (headerEnd < 0) return { status: null, headers: {}, body: '', complete: false };
  const head = buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = statusMatch ? Number(statusMatch[1]) : null;
  let rest = buffer.subarray(headerEnd + 4);
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    const parts = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd < 0) return { status, headers, body: Buffer.concat(parts).toString('utf8'), complete: false };
      const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString('utf8'), complete: true };
      if (rest.length < lineEnd + 2 + size + 2) {
        return { status, headers, body: Buffer.concat(parts).toString('utf8'), complete: false };
      }
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  return {
    status,
    headers,
    body: rest.subarray(0, length).toString('utf8'),
    complete: rest.length >= length,
  };
}

/** Parses a raw response body as JSON, or returns undefined. */
export function jsonOf(response) {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}
