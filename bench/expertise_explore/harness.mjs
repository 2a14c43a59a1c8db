// Shared table / paired-comparison driver for competition.mjs, lsa.mjs, translation.mjs.
//   --test            adds the test fold (fold 0) columns
//   --only=A,B        only these rankers
//   --boot=A,B        paired comparison vs weft (questions better/worse, mean RR diff, 95% paired bootstrap)
//                     over the 9 fold cells' questions; with --boot-test over the test questions
import { FILES, load, features, mrrOf } from './lib.mjs';
import { weft } from './rankers.mjs';

export function loadAll(makeHook, opts = {}) {
  return FILES.map((file) => {
    const h = load(file);
    const hook = makeHook ? makeHook(h) : null;
    const qs = features(h, hook ? { hook } : {});
    return { file, h, byFold: [0, 1, 2, 3].map((k) => qs.filter((q) => q.fold === k)) };
  });
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const rrOf = (Q, r) => mrrOf([Q], r);

export function paired(data, r, test) {
  const qs = data.flatMap((d) => (test ? [0] : [1, 2, 3]).flatMap((k) => d.byFold[k]));
  const diff = qs.map((Q) => rrOf(Q, r) - rrOf(Q, weft));
  let seed = 12345; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const bs = [];
  for (let b = 0; b < 10000; b++) { let s = 0; for (let i = 0; i < diff.length; i++) s += diff[Math.floor(rnd() * diff.length)]; bs.push(s / diff.length); }
  bs.sort((x, y) => x - y);
  return { n: qs.length, diff: mean(diff), lo: bs[250], hi: bs[9750], better: diff.filter((x) => x > 1e-9).length, worse: diff.filter((x) => x < -1e-9).length };
}

export function run(data, R) {
  const argv = process.argv;
  const showTest = argv.includes('--test');
  const only = argv.filter((a) => a.startsWith('--only=')).map((a) => a.slice(7).split(','))[0];
  const boot = argv.filter((a) => a.startsWith('--boot=')).map((a) => a.slice(7).split(','))[0];
  R = { weft, ...R };
  if (boot) {
    for (const test of argv.includes('--boot-test') ? [false, true] : [false]) {
      for (const name of boot) {
        const p = paired(data, R[name], test);
        console.log(`${name.padEnd(28)} ${test ? 'test ' : 'folds'} ${p.n} q: mean RR diff ${p.diff >= 0 ? '+' : ''}${p.diff.toFixed(4)} ` +
          `95% [${p.lo.toFixed(4)}, ${p.hi.toFixed(4)}]  better ${p.better} / worse ${p.worse}`);
      }
    }
    return;
  }
  const cellsOf = (r) => data.flatMap((d) => [1, 2, 3].map((k) => mrrOf(d.byFold[k], r)));
  const base = cellsOf(weft);
  console.log(['ranker'.padEnd(28), ...data.flatMap((d) => [1, 2, 3].map((k) => `${d.file.slice(0, 4)}.f${k}`)), 'mean9', '>weft',
    ...(showTest ? [...data.map((d) => `${d.file.slice(0, 4)}.T`), 'meanT'] : [])].join('\t'));
  for (const name of only || Object.keys(R)) {
    const cells = cellsOf(R[name]);
    const row = [name.padEnd(28), ...cells.map((c) => c.toFixed(3)), mean(cells).toFixed(4), String(cells.filter((c, i) => c > base[i] + 1e-9).length)];
    if (showTest) { const t = data.map((d) => mrrOf(d.byFold[0], R[name])); row.push(...t.map((c) => c.toFixed(3)), mean(t).toFixed(4)); }
    console.log(row.join('\t'));
  }
}

// min-max over the candidates of one question (0..1); constant -> 0
export function mmNorm(v) {
  let lo = Infinity, hi = -Infinity;
  for (const x of v) { if (x < lo) lo = x; if (hi < x) hi = x; }
  return v.map((x) => (hi > lo ? (x - lo) / (hi - lo) : 0));
}
// weft + sum of w * norm(feature) terms
export const plusTerms = (terms) => (c, Q) => {
  const s = weft(c);
  const ex = terms.map(([w, fn, norm]) => [w, (norm || mmNorm)(c.map((x) => fn(x.f, x, Q)))]);
  return s.map((x, i) => x + ex.reduce((a, [w, v]) => a + w * v[i], 0));
};
