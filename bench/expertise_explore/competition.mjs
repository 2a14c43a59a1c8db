// Competition-based expertise (Liu, Song, Lin 2011, "Competition-based user expertise score
// estimation", SIGIR): every past question with an accepted answer is a contest the accepted
// answerer won against every other answerer of that question (and, in some variants, against the
// asker). Ratings are fit per test question from the pairs whose both sides happened strictly
// before the question's time:
//   bt*   Bradley-Terry, MAP with a Gaussian prior (precision lambda), a few diagonal-Newton sweeps
//   cons* TrueSkill-like conservative rating: BT mean - 1 sd (Laplace approximation)
//   elo*  online Elo on the logistic scale, contests replayed in time order (recent contests weigh more)
// Pair sets: A = winner beats the other answerers; AK = A + winner beats the asker;
//            AKall = AK + every answerer beats the asker (also of questions with no accepted answer).
//   node bench/expertise_explore/competition.mjs [--test] [--only=..] [--boot=A,B [--boot-test]]
import { loadAll, run, plusTerms } from './harness.mjs';

function pairsOf(h) {
  // per pair: [winner, loser, time, set] set: 0 A, 1 winner>asker, 2 answerer>asker (non-winner)
  const byQ = new Map();
  h.answers.forEach((a) => { if (!byQ.has(a.q)) byQ.set(a.q, []); byQ.get(a.q).push(a); });
  const pairs = [];
  for (const [qi, list] of byQ) {
    const q = h.questions[qi];
    const acc = list.find((a) => a.accepted);
    const seen = new Set();
    for (const a of list) {
      if (acc && a !== acc && a.author !== acc.author && !seen.has(a.author)) {
        seen.add(a.author);
        pairs.push([acc.author, a.author, Math.max(acc.at, a.at), 0]);
      }
      if (a.author !== q.author) pairs.push([a.author, q.author, Math.max(a.at, q.at), a === acc ? 1 : 2]);
    }
  }
  pairs.sort((x, y) => x[2] - y[2]);
  return pairs;
}

function fitBT(pairs, lambda, sweeps = 30) {
  const r = new Map(), hs = new Map();
  for (const [w, l] of pairs) { r.set(w, 0); r.set(l, 0); }
  for (let it = 0; it < sweeps; it++) {
    const g = new Map(), hh = new Map();
    for (const x of r.keys()) { g.set(x, 0); hh.set(x, 0); }
    for (const [w, l] of pairs) {
      const p = 1 / (1 + Math.exp(-(r.get(w) - r.get(l))));
      g.set(w, g.get(w) + (1 - p)); g.set(l, g.get(l) - (1 - p));
      hh.set(w, hh.get(w) + p * (1 - p)); hh.set(l, hh.get(l) + p * (1 - p));
    }
    for (const [x, v] of r) r.set(x, v + (g.get(x) - lambda * v) / (hh.get(x) + lambda));
    if (it === sweeps - 1) for (const [x, v] of hh) hs.set(x, v);
  }
  return { r, sd: (x) => 1 / Math.sqrt(lambda + (hs.get(x) || 0)) };
}

function elo(pairs, K) {
  const r = new Map();
  for (const [w, l] of pairs) {
    const rw = r.get(w) || 0, rl = r.get(l) || 0;
    const p = 1 / (1 + Math.exp(-(rw - rl)));
    r.set(w, rw + K * (1 - p)); r.set(l, rl - K * (1 - p));
  }
  return r;
}

const SETS = { A: [0], AK: [0, 1], AKall: [0, 1, 2] };
export const makeHook = (h) => {
  const all = pairsOf(h);
  return (Q, ctx) => {
    const past = all.filter((p) => p[2] < ctx.asOf);
    for (const [sn, sets] of Object.entries(SETS)) {
      const ps = past.filter((p) => sets.includes(p[3]));
      for (const lam of [0.3, 1, 3]) {
        const { r, sd } = fitBT(ps, lam);
        for (const c of Q.cands) {
          c.f[`bt${sn}_${lam}`] = r.get(c.p) || 0;
          c.f[`cons${sn}_${lam}`] = (r.get(c.p) || 0) - sd(c.p);
        }
      }
      for (const K of [0.2, 0.5]) {
        const r = elo(ps, K);
        for (const c of Q.cands) c.f[`elo${sn}_${K}`] = r.get(c.p) || 0;
      }
    }
  };
};

export const R = {};
const keys = [];
for (const sn of Object.keys(SETS)) {
  for (const lam of [0.3, 1, 3]) keys.push(`bt${sn}_${lam}`, `cons${sn}_${lam}`);
  for (const K of [0.2, 0.5]) keys.push(`elo${sn}_${K}`);
}
for (const k of keys) R[`alone ${k}`] = (c) => c.map((x) => x.f[k]);
for (const k of keys) for (const w of [0.05, 0.1, 0.2, 0.4]) R[`weft+${w} ${k}`] = plusTerms([[w, (f) => f[k]]]);

if (import.meta.url === `file://${process.argv[1]}`) run(loadAll(makeHook), R);
