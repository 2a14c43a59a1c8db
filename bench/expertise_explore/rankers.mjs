import { col, maxNorm, logNorm, ranks } from './lib.mjs';

// The C++ "weft" weights: text .1, activity .3 (log-normalized), tags .05, proximity .1, social .1 (0 here),
// profile 1, last_seen .4 (absolute). Divided by the total weight 2.05 like the C++.
function weftSum(c, o = {}) {
  const act = o.act30 ? col(c, f => 4 * f.accH30 + 0.3 * (f.ansH30 - f.accH30)) : col(c, 'activity');
  const text = maxNorm(col(c, 'text')), a = logNorm(act), tags = maxNorm(col(c, 'tags'));
  const prox = maxNorm(col(c, 'prox')), prof = maxNorm(col(c, 'profile')), ls = col(c, 'last_seen');
  return c.map((_, i) => 0.1 * text[i] + 0.3 * a[i] + 0.05 * tags[i] + 0.1 * prox[i] + prof[i] + 0.4 * ls[i]);
}
export const weft = (c) => weftSum(c).map((x) => x / 2.05);

// weft + recency on a log scale + short-window accepted and answer rates (all people-level, no text).
//   score = weft_sum - R*ln(days_since_last_solution + 0.01) + C*ln(1 + accepted_7d) + A*ln(1 + answers_30d)
// accepted_7d / answers_30d: counts faded with a 7- / 30-day half-life (2^(-age/h)).
const recency = (R, C, A, o) => (c) => {
  const s = weftSum(c, o);
  return c.map((x, i) => s[i] - R * Math.log(x.f.lastAgeDays + 0.01) + C * Math.log1p(x.f.accH7) + A * Math.log1p(x.f.ansH30));
};
const popularity = (c) => col(c, 'nAns');

// Network authority (Zhang, Ackerman & Adamic 2007), added to the weft score, max-normalized.
const plus = (key, w) => (c) => { const s = weftSum(c), x = maxNorm(col(c, key)); return c.map((_, i) => s[i] + w * x[i]); };
const plusZ = (w) => (c) => { const s = weftSum(c), z = col(c, 'zscore'); const m = Math.max(1e-9, ...z.map(Math.abs)); return c.map((_, i) => s[i] + w * z[i] / m); };

export const RANKERS = {
  'pagerank': (c) => col(c, 'pagerank'), 'authority': (c) => col(c, 'authority'), 'zscore': (c) => col(c, 'zscore'),
  'weft+pr.1': plus('pagerank', 0.1), 'weft+pr.3': plus('pagerank', 0.3), 'weft+pr1': plus('pagerank', 1),
  'weft+auth.1': plus('authority', 0.1), 'weft+auth.3': plus('authority', 0.3), 'weft+auth1': plus('authority', 1),
  'weft+z.1': plusZ(0.1), 'weft+z.3': plusZ(0.3),
  weft, popularity,
  'weft+rec.05': recency(0.05, 0, 0), 'weft+rec.1': recency(0.1, 0, 0), 'weft+rec.2': recency(0.2, 0, 0),
  'weft+act30': (c) => weftSum(c, { act30: true }),
  'weft+rec.1+act30': recency(0.1, 0, 0, { act30: true }),
  'weft+rec+rates': recency(0.18, 0.11, 0.10),          // fit (logit, l2 .01) on folds 1-4
  'weft+rec+rates.b': recency(0.16, 0.135, 0.19),       // fit (logit, l2 .1) on folds 1-4
  'weft+rec.1+rates.1': recency(0.1, 0.1, 0.1),         // round numbers
};
