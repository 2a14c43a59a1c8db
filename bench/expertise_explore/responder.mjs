// Extra signals for issue 11 (2026-12-02): first-responder behaviour, hour-scale answering tempo,
// exact tag-set match, reverse proximity (the asker answered the candidate's questions).
// All from evidence strictly before the question's time; additive to the weft score.
//   node bench/expertise_explore/responder.mjs            # folds 1-3: every variant of the grids
//   node bench/expertise_explore/responder.mjs --test     # and the test fold, for the chosen variants
//   node bench/expertise_explore/responder.mjs --boot=NAME # paired bootstrap over the fold questions
//   (add --boot-test: over the test questions instead)
import { FILES, load, features, mrrOf, maxNorm } from './lib.mjs';
import { weft } from './rankers.mjs';

const HOUR = 3600;
const showTest = process.argv.includes('--test');
const bootName = process.argv.filter((a) => a.startsWith('--boot=')).map((a) => a.slice(7))[0];

// Per-candidate extras, computed from the raw history.
function addExtras(h, queries) {
  // answers in time order per question: which was first
  const byQ = new Map();
  h.answers.forEach((a, i) => { if (!byQ.has(a.q)) byQ.set(a.q, []); byQ.get(a.q).push(i); });
  const isFirst = new Array(h.answers.length).fill(false);
  for (const list of byQ.values()) {
    list.sort((x, y) => (h.answers[x].at - h.answers[y].at) || (x - y));
    isFirst[list[0]] = true;
  }
  const ansOf = new Map(); // person -> answers sorted by time
  h.answers.forEach((a, i) => { if (!ansOf.has(a.author)) ansOf.set(a.author, []); ansOf.get(a.author).push(i); });
  for (const l of ansOf.values()) l.sort((x, y) => h.answers[x].at - h.answers[y].at);
  const tagKey = (q) => [...new Set(h.questions[q].tags)].sort().join('|');
  let firstAll = 0;
  for (const f of isFirst) if (f) firstAll++;
  for (const Q of queries) {
    const q = h.questions[Q.q], asOf = q.at, key = tagKey(Q.q);
    // prior of the first-answer fraction: over all answers before the question
    let nA = 0, nF = 0;
    h.answers.forEach((a, i) => { if (a.at < asOf) { nA++; if (isFirst[i]) nF++; } });
    const prior = nA ? nF / nA : 0.5;
    // the asker's answers before the question: whose questions did the asker answer?
    const askerHelped = new Map();
    for (const i of ansOf.get(Q.asker) || []) {
      const a = h.answers[i];
      if (a.at >= asOf) break;
      const who = h.questions[a.q].author;
      askerHelped.set(who, (askerHelped.get(who) || 0) + (a.accepted ? 1.5 : 1));
    }
    for (const c of Q.cands) {
      let n = 0, first = 0, sameSet = 0;
      const delays = [];
      const tempo = { 3: 0, 6: 0, 12: 0, 24: 0, 72: 0 };
      for (const i of ansOf.get(c.p) || []) {
        const a = h.answers[i];
        if (a.at >= asOf) break;
        n++;
        if (isFirst[i]) first++;
        delays.push(Math.max(60, a.at - h.questions[a.q].at));
        const ageH = (asOf - a.at) / HOUR;
        for (const w of Object.keys(tempo)) if (ageH <= +w) tempo[w]++;
        if (key && tagKey(a.q) === key) sameSet++;
      }
      delays.sort((x, y) => x - y);
      const med = n ? (n % 2 ? delays[(n - 1) / 2] : Math.sqrt(delays[n / 2 - 1] * delays[n / 2])) : 30 * 86400;
      Object.assign(c.f, {
        xN: n, xFirst: first, xFirstFrac: (first + 2 * prior) / (n + 2), xPrior: prior,
        xMedDelayH: med / HOUR, xSameSet: sameSet, xRev: askerHelped.get(c.p) || 0,
      });
      for (const w of Object.keys(tempo)) c.f['xT' + w] = tempo[w];
    }
  }
}

const data = FILES.map((file) => {
  const h = load(file);
  const qs = features(h);
  addExtras(h, qs);
  return { file, byFold: [0, 1, 2, 3].map((k) => qs.filter((q) => q.fold === k)) };
});

// weft (the server's, /2.05) + additive terms, each on the scale of weft's parts (0..1 before weighting)
const add = (terms) => (c) => {
  const s = weft(c);
  const extra = terms.map(([w, fn, norm]) => {
    const v = c.map((x) => fn(x.f));
    return [w, norm === 'max' ? maxNorm(v) : v];
  });
  return s.map((x, i) => x + extra.reduce((acc, [w, v]) => acc + w * v[i], 0));
};
// fast answerer: 1 at a delay of minutes, 0.5 at a day, ~0 at months (log scale)
const fast = (f) => 1 / (1 + Math.log1p(f.xMedDelayH) / Math.log1p(24)) ;
const firstLift = (f) => f.xFirstFrac - f.xPrior; // above the site's usual first-answer rate

const R = { weft };
const W = [0.02, 0.05, 0.1, 0.2];
for (const w of W) {
  R[`first.frac ${w}`] = add([[w, firstLift]]);
  R[`first.count ${w}`] = add([[w, (f) => Math.log1p(f.xFirst), 'max']]);
  R[`fast.delay ${w}`] = add([[w, fast]]);
  R[`first+fast ${w}`] = add([[w, firstLift], [w, fast]]);
  for (const t of [3, 6, 12, 24, 72]) R[`tempo${t}h ${w}`] = add([[w, (f) => Math.log1p(f['xT' + t]), 'max']]);
  R[`tempo6h.any ${w}`] = add([[w, (f) => (f.xT6 > 0 ? 1 : 0)]]);
  R[`sameTagSet ${w}`] = add([[w, (f) => Math.log1p(f.xSameSet), 'max']]);
  R[`sameTagSet.frac ${w}`] = add([[w, (f) => f.xSameSet / (f.xN + 1)]]);
  R[`askerHelpedCand ${w}`] = add([[w, (f) => Math.log1p(f.xRev), 'max']]);
}

function cellsOf(r) { const cells = []; for (const d of data) for (const k of [1, 2, 3]) cells.push(mrrOf(d.byFold[k], r)); return cells; }
const base = cellsOf(weft);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;

if (bootName) {
  // paired bootstrap of the mean reciprocal-rank difference over all fold-1..3 questions
  const rr = (Q, r) => mrrOf([Q], r);
  const qs = data.flatMap((d) => (process.argv.includes('--boot-test') ? [0] : [1, 2, 3]).flatMap((k) => d.byFold[k]));
  const diff = qs.map((Q) => rr(Q, R[bootName]) - rr(Q, weft));
  let seed = 12345; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const bs = [];
  for (let b = 0; b < 10000; b++) { let s = 0; for (let i = 0; i < diff.length; i++) s += diff[Math.floor(rnd() * diff.length)]; bs.push(s / diff.length); }
  bs.sort((x, y) => x - y);
  console.log(`${bootName}: ${qs.length} questions, mean diff ${mean(diff).toFixed(4)}, 95% [${bs[250].toFixed(4)}, ${bs[9750].toFixed(4)}], ` +
    `better ${diff.filter((x) => x > 1e-9).length} / worse ${diff.filter((x) => x < -1e-9).length}`);
  process.exit(0);
}

const chosen = process.argv.filter((a) => a.startsWith('--only=')).map((a) => a.slice(7).split(','))[0];
console.log(['ranker'.padEnd(22), ...data.flatMap((d) => [1, 2, 3].map((k) => `${d.file.split('-')[0].slice(0, 5)}.f${k}`)), 'mean9', '>weft',
  ...(showTest ? data.map((d) => `${d.file.split('-')[0].slice(0, 5)}.T`) : [])].join('\t'));
for (const name of chosen || Object.keys(R)) {
  const cells = cellsOf(R[name]);
  const row = [name.padEnd(22), ...cells.map((c) => c.toFixed(3)), mean(cells).toFixed(4), String(cells.filter((c, i) => c > base[i] + 1e-9).length)];
  if (showTest) row.push(...data.map((d) => mrrOf(d.byFold[0], R[name]).toFixed(3)));
  console.log(row.join('\t'));
}
