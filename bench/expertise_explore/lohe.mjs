// Leave-one-history-out: a listwise (softmax) linear ranker over many per-candidate features,
// trained on two histories' folds 1-4 and scored on the third's folds 1-3 (and, with --test, its
// test fold), against the server's weights. Asks whether a learned combination carries over to a
// history it has never seen, which is how the ranker will be judged.
//   node bench/expertise_explore/lohe.mjs [--test] [--l2=0.01]
import { FILES, load, features, mrrOf, col, maxNorm, logNorm } from './lib.mjs';
import { weft } from './rankers.mjs';

const showTest = process.argv.includes('--test');
const l2 = Number((process.argv.find((a) => a.startsWith('--l2=')) || '--l2=0.01').slice(5));
const set = (process.argv.find((a) => a.startsWith('--set=')) || '--set=all').slice(6);

function vectors(c) {
  const w = weft(c);
  const F = {
    weft: w,
    text: maxNorm(col(c, 'text')), profile: maxNorm(col(c, 'profile')), activity: logNorm(col(c, 'activity')),
    tags: maxNorm(col(c, 'tags')), prox: maxNorm(col(c, 'prox')), last_seen: col(c, 'last_seen'),
    recency: col(c, (f) => -Math.log(f.lastAgeDays + 0.01) / 10),
    acc7: col(c, (f) => Math.log1p(f.accH7)), ans30: col(c, (f) => Math.log1p(f.ansH30)), ans6h: col(c, (f) => Math.log1p(f['ansH0.25'])),
    lm: col(c, (f) => f.lm1000), qq: maxNorm(col(c, 'qqProfile')), tagIdf: maxNorm(col(c, 'tagIdf')),
    accRate: col(c, (f) => (f.nAcc + 1) / (f.nAns + 5)), asks: col(c, (f) => Math.log1p(f.nAsk)),
    pagerank: maxNorm(col(c, 'pagerank')), hour: col(c, 'hour2'), nAns: logNorm(col(c, 'nAns')),
  };
  const names = set === 'all' ? Object.keys(F) : set.split(',');
  return { names, X: c.map((_, i) => names.map((n) => F[n][i] || 0)) };
}

const data = FILES.map((file) => {
  const h = load(file);
  const qs = features(h).map((Q) => ({ ...Q, V: vectors(Q.cands) }));
  return { file, qs };
});
const names = data[0].qs[0].V.names;

function train(qs) {
  const d = names.length;
  const w = new Float64Array(d);
  w[names.indexOf('weft')] = 1;
  const usable = qs.filter((Q) => Q.cands.some((c) => c.p === Q.solver));
  const lr = 0.5;
  for (let it = 0; it < 400; it++) {
    const g = new Float64Array(d);
    for (const Q of usable) {
      const s = Q.V.X.map((x) => x.reduce((a, v, j) => a + v * w[j], 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m)); const z = e.reduce((a, b) => a + b, 0);
      const si = Q.cands.findIndex((c) => c.p === Q.solver);
      for (let k = 0; k < e.length; k++) { const p = e[k] / z; const x = Q.V.X[k]; for (let j = 0; j < d; j++) g[j] += p * x[j]; }
      for (let j = 0; j < d; j++) g[j] -= Q.V.X[si][j];
    }
    for (let j = 0; j < d; j++) w[j] -= lr * (g[j] / usable.length + l2 * w[j]);
  }
  return w;
}
const rankerOf = (w) => (c, Q) => Q.V.X.map((x) => x.reduce((a, v, j) => a + v * w[j], 0));
const weftR = (c, Q) => Q.V.X.map((x) => x[names.indexOf('weft')]);

let sumW = 0, sumL = 0, sumWt = 0, sumLt = 0;
for (let k = 0; k < data.length; k++) {
  const trainQs = data.filter((_, i) => i !== k).flatMap((d) => d.qs.filter((Q) => Q.fold >= 1));
  const w = train(trainQs);
  const held = data[k];
  const cells = [1, 2, 3].map((f) => held.qs.filter((Q) => Q.fold === f));
  const mw = cells.map((qs) => mrrOf(qs, weftR)), ml = cells.map((qs) => mrrOf(qs, rankerOf(w)));
  sumW += mw.reduce((a, b) => a + b, 0); sumL += ml.reduce((a, b) => a + b, 0);
  let line = `${held.file.padEnd(24)} folds weft ${mw.map((x) => x.toFixed(3)).join(' ')}  learned ${ml.map((x) => x.toFixed(3)).join(' ')}`;
  if (showTest) {
    const t = held.qs.filter((Q) => Q.fold === 0);
    const a = mrrOf(t, weftR), b = mrrOf(t, rankerOf(w)); sumWt += a; sumLt += b;
    line += `  test weft ${a.toFixed(3)} learned ${b.toFixed(3)}`;
  }
  console.log(line);
  console.log('   w:', names.map((n, j) => `${n}=${w[j].toFixed(2)}`).join(' '));
}
console.log(`mean of 9 held-out fold cells: weft ${(sumW / 9).toFixed(4)} learned ${(sumL / 9).toFixed(4)}` + (showTest ? `; test weft ${(sumWt / 3).toFixed(4)} learned ${(sumLt / 3).toFixed(4)}` : ''));
