// Resolving a page save's conflict in the browser. The server's 409 names the regions both editors
// changed differently (in base line numbers) with base, mine and theirs — but not the merge of
// everything else. To rebuild the page, the three-way merge the server ran (src/pages/merge.cc,
// diff3's) runs again here over base, mine and theirs, and each conflicting region takes the text
// the person chose for it. Edits of either side outside the conflicts are kept, as the server would.

/** Lines as the server splits them: \r\n and \r read as \n; the last line may be empty. */
export function linesOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** One side's change: base lines [begin, end) become `lines` (begin === end: an insertion). */
interface Region {
  begin: number;
  end: number;
  lines: string[];
}

/** At most this many lines added and removed between base and one side are diffed here. */
const kMaxEdits = 20_000;

/**
 * The changes that turn `base` into `side`: Myers' O((N+M)·D) shortest edit script, as the
 * server's dtl finds it, so that a long page with a few edits is diffed line by line (a table of
 * every pair of lines would not fit, and one region covering everything between the first and
 * last change made a resolved conflict replace the edits in between). Null: too different to
 * merge here.
 */
function regions(base: string[], side: string[]): Region[] | null {
  let prefix = 0;
  while (prefix < base.length && prefix < side.length && base[prefix] === side[prefix]) ++prefix;
  let suffix = 0;
  while (
    suffix < base.length - prefix &&
    suffix < side.length - prefix &&
    base[base.length - 1 - suffix] === side[side.length - 1 - suffix]
  ) {
    ++suffix;
  }
  const a = base.slice(prefix, base.length - suffix);
  const b = side.slice(prefix, side.length - suffix);
  if (a.length === 0 && b.length === 0) return [];
  if (a.length === 0 || b.length === 0) return [{ begin: prefix, end: prefix + a.length, lines: b }];
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, kMaxEdits);
  // v[k + offset]: the furthest x on diagonal k = x - y; trace[d]: v's window [-d, d] after step d.
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; ++d) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return null;
  // Back from (n, m): each step one line removed from a or added from b, after its equal run.
  const ops: Array<'=' | '-' | '+'> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; --d) {
    const previous = trace[d - 1]!;
    const at = (k: number) => previous[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const fromK = down ? k + 1 : k - 1;
    const fromX = at(fromK);
    const fromY = fromX - fromK;
    const midX = down ? fromX : fromX + 1;
    const midY = down ? fromY + 1 : fromY;
    while (x > midX && y > midY) {
      ops.push('=');
      --x;
      --y;
    }
    ops.push(down ? '+' : '-');
    x = fromX;
    y = fromY;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    --x;
    --y;
  }
  ops.reverse();
  const out: Region[] = [];
  let open: Region | null = null;
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === '=') {
      open = null;
      ++i;
      ++j;
      continue;
    }
    if (!open) {
      open = { begin: prefix + i, end: prefix + i, lines: [] };
      out.push(open);
    }
    if (op === '-') {
      ++i;
      open.end = prefix + i;
    } else {
      open.lines.push(b[j]!);
      ++j;
    }
  }
  return out;
}

function apply(base: string[], changes: Region[], begin: number, end: number): string[] {
  const out: string[] = [];
  let at = begin;
  for (const r of changes) {
    out.push(...base.slice(at, r.begin), ...r.lines);
    at = r.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

function touch(a: { begin: number; end: number }, b: Region): boolean {
  if (a.begin === b.begin) return true;
  return a.begin < b.end && b.begin < a.end;
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((line, index) => line === b[index]);
}

export interface Conflict {
  /** The first base line, counted from 1 (the server's `base_start`). */
  baseStart: number;
  base: string[];
  mine: string[];
  theirs: string[];
}

/**
 * Base, mine and theirs merged; each conflicting region becomes what `resolve` answers for it.
 * Regions one side changed take that side's lines; regions both changed alike, those lines.
 * Null when the sides are too different to diff here, or `resolve` answers null (a conflict the
 * server did not report: this merge and the server's disagree, and saving could lose text).
 */
export function mergeResolved(
  base: string,
  mine: string,
  theirs: string,
  resolve: (conflict: Conflict) => string[] | null,
): string | null {
  const baseLines = linesOf(base);
  const mineRegions = regions(baseLines, linesOf(mine));
  const theirRegions = regions(baseLines, linesOf(theirs));
  if (!mineRegions || !theirRegions) return null;
  const merged: string[] = [];
  let at = 0;
  let m = 0;
  let t = 0;
  while (m < mineRegions.length || t < theirRegions.length) {
    const mineHere: Region[] = [];
    const theirsHere: Region[] = [];
    let begin: number;
    let end: number;
    if (t === theirRegions.length || (m < mineRegions.length && mineRegions[m]!.begin <= theirRegions[t]!.begin)) {
      const r = mineRegions[m++]!;
      mineHere.push(r);
      begin = r.begin;
      end = r.end;
    } else {
      const r = theirRegions[t++]!;
      theirsHere.push(r);
      begin = r.begin;
      end = r.end;
    }
    for (let grew = true; grew; ) {
      grew = false;
      const span = { begin, end };
      if (m < mineRegions.length && touch(span, mineRegions[m]!)) {
        const r = mineRegions[m++]!;
        mineHere.push(r);
        end = Math.max(end, r.end);
        grew = true;
      }
      if (t < theirRegions.length && touch(span, theirRegions[t]!)) {
        const r = theirRegions[t++]!;
        theirsHere.push(r);
        end = Math.max(end, r.end);
        grew = true;
      }
    }
    merged.push(...baseLines.slice(at, begin));
    const mineVersion = apply(baseLines, mineHere, begin, end);
    const theirVersion = apply(baseLines, theirsHere, begin, end);
    if (theirsHere.length === 0) merged.push(...mineVersion);
    else if (mineHere.length === 0 || same(mineVersion, theirVersion)) merged.push(...theirVersion);
    else {
      const chosen = resolve({ baseStart: begin + 1, base: baseLines.slice(begin, end), mine: mineVersion, theirs: theirVersion });
      if (!chosen) return null;
      merged.push(...chosen);
    }
    at = end;
  }
  merged.push(...baseLines.slice(at));
  return merged.join('\n');
}
