// A minimal RFC 6455 WebSocket client over node:net (Node 20 has no global WebSocket), enough to
// test GET /api/v1/stream: the opening handshake with a session cookie or a bearer token, text
// messages (fragmented or not, 7-, 16- and 64-bit payload lengths), answering pings, and a masked
// close. Server frames must be unmasked; client frames are always masked.

import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

const kGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const kOp = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

/**
 * Opens a WebSocket to ws://127.0.0.1:port + path. Resolves with {status: 101, ws} after a valid
 * handshake, or with {status, headers, body, json} when the server answers with plain HTTP
 * instead (e.g. 401 before upgrading).
 */
export function wsConnect(port, path, { cookie, token, headers = {}, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    let done = false;
    const timer = setTimeout(() => fail(new Error(`WebSocket handshake to ${path} timed out`)), timeoutMs);
    const fail = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
    ];
    if (cookie) lines.push(`Cookie: ${cookie}`);
    if (token) lines.push(`Authorization: Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('error', fail);

    let head = null;
    const onData = (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!head) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headLines = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const match = /^HTTP\/1\.1 (\d{3})/.exec(headLines[0]);
        if (!match) return fail(new Error(`not an HTTP answer: ${headLines[0]}`));
        const parsed = {};
        for (const line of headLines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        head = { status: Number(match[1]), headers: parsed };
        buffer = buffer.subarray(end + 4);
        if (head.status === 101) {
          const expected = createHash('sha1').update(key + kGuid).digest('base64');
          if (parsed['sec-websocket-accept'] !== expected) {
            return fail(new Error(`bad Sec-WebSocket-Accept ${parsed['sec-websocket-accept']}`));
          }
          if ((parsed.upgrade ?? '').toLowerCase() !== 'websocket') {
            return fail(new Error(`101 without Upgrade: websocket (${parsed.upgrade})`));
          }
          done = true;
          clearTimeout(timer);
          socket.off('data', onData);
          socket.off('error', fail);
          const ws = new WsConnection(socket, buffer);
          return resolve({ status: 101, headers: parsed, ws });
        }
      }
      maybeFinishHttp();
    };
    const maybeFinishHttp = (closed = false) => {
      if (!head || done) return;
      const length = head.headers['content-length'];
      if (length !== undefined ? buffer.length >= Number(length) : closed) {
        done = true;
        clearTimeout(timer);
        const body = buffer.subarray(0, length !== undefined ? Number(length) : buffer.length).toString('utf8');
        let json;
        try { json = JSON.parse(body); } catch { json = undefined; }
        socket.destroy();
        resolve({ status: head.status, headers: head.headers, body, json });
      }
    };
    socket.on('data', onData);
    socket.on('close', () => {
      if (head) maybeFinishHttp(true);
      fail(new Error('connection closed before a complete handshake answer'));
    });
  });
}

/** Encodes one client frame (always masked). */
export function encodeFrame(opcode, payload = Buffer.alloc(0), { fin = true } = {}) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  let header;
  if (data.length < 126) {
    header = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | data.length]);
  } else if (data.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 1) masked[i] = data[i] ^ mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

/**
 * Parses as many complete frames as `buffer` holds. Returns {frames, rest}; each frame is
 * {fin, opcode, masked, payload}. Handles 7-, 16- and 64-bit lengths and masked frames.
 */
export function parseFrames(buffer) {
  const frames = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const b0 = buffer[offset];
    const b1 = buffer[offset + 1];
    let length = b1 & 0x7f;
    let pos = offset + 2;
    if (length === 126) {
      if (buffer.length < pos + 2) break;
      length = buffer.readUInt16BE(pos);
      pos += 2;
    } else if (length === 127) {
      if (buffer.length < pos + 8) break;
      length = Number(buffer.readBigUInt64BE(pos));
      pos += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    let mask = null;
    if (masked) {
      if (buffer.length < pos + 4) break;
      mask = buffer.subarray(pos, pos + 4);
      pos += 4;
    }
    if (buffer.length < pos + length) break;
    let payload = Buffer.from(buffer.subarray(pos, pos + length));
    if (mask) for (let i = 0; i < payload.length; i += 1) payload[i] ^= mask[i % 4];
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, masked, payload });
    offset = pos + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/**
 * An open connection. Every text message is parsed as JSON and appended to `messages` (in
 * arrival order); `next()` and `waitFor()` consume them. `closed` resolves with
 * {code, reason} once the connection is gone.
 */
export class WsConnection {
  constructor(socket, initial) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.messages = [];     // every message received, parsed
    this.protocolErrors = []; // anything the server did against RFC 6455
    this.read = 0;          // index of the next message next() returns
    this.fragments = null;  // {opcode, parts} while a fragmented message is in flight
    this.closeSent = false;
    this.closeInfo = null;
    this.waiters = new Set();
    this.closed = new Promise((resolve) => { this.resolveClosed = resolve; });
    socket.on('data', (data) => this.onData(data));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closeInfo ??= { code: 1006, reason: 'connection dropped' };
      this.resolveClosed(this.closeInfo);
      this.wake();
    });
    if (initial.length) this.onData(initial);
  }

  onData(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    const { frames, rest } = parseFrames(this.buffer);
    this.buffer = Buffer.from(rest);
    for (const frame of frames) this.onFrame(frame);
    this.wake();
  }

  onFrame({ fin, opcode, masked, payload }) {
    if (masked) this.protocolErrors.push('server frame is masked');
    if (opcode === kOp.ping) {
      if (!this.closeSent) this.socket.write(encodeFrame(kOp.pong, payload));
      return;
    }
    if (opcode === kOp.pong) return;
    if (opcode === kOp.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.closeInfo = { code, reason: payload.subarray(2).toString('utf8') };
      if (!this.closeSent) {
        this.closeSent = true;
        this.socket.write(encodeFrame(kOp.close, payload.subarray(0, 2)));
      }
      this.socket.end();
      return;
    }
    if (opcode === kOp.continuation) {
      if (!this.fragments) {
        this.protocolErrors.push('continuation frame without a message');
        return;
      }
      this.fragments.parts.push(payload);
    } else {
      if (this.fragments) this.protocolErrors.push('new message inside a fragmented one');
      this.fragments = { opcode, parts: [payload] };
    }
    if (!fin) return;
    const { opcode: messageOpcode, parts } = this.fragments;
    this.fragments = null;
    const whole = Buffer.concat(parts);
    if (messageOpcode !== kOp.text) {
      this.protocolErrors.push(`unexpected message opcode ${messageOpcode}`);
      return;
    }
    const text = whole.toString('utf8');
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.protocolErrors.push(`a text message that is not JSON: ${text.slice(0, 200)}`);
      parsed = { unparsable: text };
    }
    this.messages.push(parsed);
  }

  wake() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves once `check()` returns something other than undefined, or rejects after timeoutMs. */
  until(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let value;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.closeInfo && this.socket.destroyed) {
          finish();
          reject(new Error(`connection closed (${JSON.stringify(this.closeInfo)}) while waiting for ${what}; ` +
            `received: ${JSON.stringify(this.messages).slice(0, 1500)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ` +
          `received: ${JSON.stringify(this.messages).slice(0, 1500)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The next message not yet returned by next() or waitFor(). */
  next({ timeoutMs = 30_000 } = {}) {
    return this.until(() => (this.read < this.messages.length ? this.messages[this.read++] : undefined),
      timeoutMs, 'the next message');
  }

  /** The first not-yet-consumed message matching `predicate`; consumes up to and including it. */
  waitFor(predicate, { timeoutMs = 30_000, what = 'a matching message' } = {}) {
    return this.until(() => {
      for (let i = this.read; i < this.messages.length; i += 1) {
        if (predicate(this.messages[i])) {
          this.read = i + 1;
          return this.messages[i];
        }
      }
      return undefined;
    }, timeoutMs, what);
  }

  /**
   * Any message so far, consumed or not, matching `predicate` (waits for one); consumes nothing.
   * For messages whose relative order the server does not promise (a post and the notification
   * about it carry the same event id and come from two subscribers).
   */
  seen(predicate, { timeoutMs = 30_000, what = 'a matching message' } = {}) {
    return this.until(() => this.messages.find(predicate), timeoutMs, what);
  }

  /** Sends a masked close frame and waits for the server to close. */
  async close(code = 1000) {
    if (!this.closeSent && !this.socket.destroyed) {
      this.closeSent = true;
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code, 0);
      this.socket.write(encodeFrame(kOp.close, payload));
    }
    const timer = setTimeout(() => this.socket.destroy(), 5000);
    const info = await this.closed;
    clearTimeout(timer);
    return info;
  }

  /** Drops the TCP connection without a closing handshake. */
  destroy() {
    this.socket.destroy();
  }
}
