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

const kMaxTable = 4_000_000;

/** The changes that turn `base` into `side` (a longest common subsequence of lines). */
function regions(base: string[], side: string[]): Region[] {
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
  if (a.length === 0 || b.length === 0 || (a.length + 1) * (b.length + 1) > kMaxTable) {
    return [{ begin: prefix, end: prefix + a.length, lines: b }];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; --i) {
    for (let j = b.length - 1; j >= 0; --j) {
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: Region[] = [];
  let open: Region | null = null;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      open = null;
      ++i;
      ++j;
      continue;
    }
    if (!open) {
      open = { begin: prefix + i, end: prefix + i, lines: [] };
      out.push(open);
    }
    if (j === b.length || (i < a.length && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
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
 */
export function mergeResolved(base: string, mine: string, theirs: string, resolve: (conflict: Conflict) => string[]): string {
  const baseLines = linesOf(base);
  const mineRegions = regions(baseLines, linesOf(mine));
  const theirRegions = regions(baseLines, linesOf(theirs));
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
    else merged.push(...resolve({ baseStart: begin + 1, base: baseLines.slice(begin, end), mine: mineVersion, theirs: theirVersion }));
    at = end;
  }
  merged.push(...baseLines.slice(at));
  return merged.join('\n');
}
