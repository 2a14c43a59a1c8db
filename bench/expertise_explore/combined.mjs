// The variants chosen on folds 1-3 from competition.mjs, lsa.mjs and translation.mjs, and their
// combinations (weights taken from the single-signal picks, not re-tuned), in one run.
//   node bench/expertise_explore/combined.mjs [--test] [--boot=A,B [--boot-test]]
import { loadAll, run, plusTerms, mmNorm } from './harness.mjs';
import { makeHook as compHook, R as RC } from './competition.mjs';
import { makeHook as lsaHook, R as RL } from './lsa.mjs';
import { makeHook as tmHook, R as RT, weftFull } from './translation.mjs';

const makeHook = (h) => { const hs = [compHook(h), lsaHook(h), tmHook(h)]; return (Q, ctx) => hs.forEach((f) => f(Q, ctx)); };
const pick = (R, names) => Object.fromEntries(names.map((n) => [n, R[n]]));
const withExtra = (base, terms) => (c, Q) => {
  const s = base(c, Q);
  const ex = terms.map(([w, k]) => [w, mmNorm(c.map((x) => x.f[k]))]);
  return s.map((x, i) => x + ex.reduce((a, [w, v]) => a + w * v[i], 0));
};
const R = {
  ...pick(RC, ['weft+0.2 eloAKall_0.5', 'weft+0.1 consAKall_3', 'alone consAKall_3']),
  ...pick(RL, ['weft+0.1 lsaMax100', 'alone lsaMax50']),
  ...pick(RT, ['tmF_all a0.3', 'weft+0.2 tmX_all', 'alone tmX_all']),
  'tmF.3+lsaMax100 .1': withExtra(weftFull('all', 0.3), [[0.1, 'lsaMax100']]),
  'tmF.3+lsa.1+elo.2': withExtra(weftFull('all', 0.3), [[0.1, 'lsaMax100'], [0.2, 'eloAKall_0.5']]),
};
run(loadAll(makeHook), R);
