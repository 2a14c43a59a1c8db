// A translation (association) model for query expansion (Jeon/Croft/Lee 2005, Xue et al. 2008
// style): P(answer word | question word) by IBM Model 1 (EM, with a NULL word), trained on past
// (question title+body -> answer body) pairs. Like lsa.mjs the model is fit ONCE PER FOLD on the
// pairs whose answer is strictly before the fold's first question. Each query word t (weight w_t
// as in the weft profile score) adds its top M answer words u (u not already in the query) with
// weight w_t * P(u|t); the expansion is scored with the weft "profile" BM25 (Model 1 person
// document of the person's past answers, same k1/b/avg length as lib.mjs).
//   tmX  = profile score of the expansion terms only (added to weft, min-max normalized)
//   tmF  = weft with its profile part recomputed over query + expansion (expansion mass alpha x query mass)
// Training pairs: acc = accepted answers only; all = every answer.
//   node bench/expertise_explore/translation.mjs [--test] [--only=..] [--boot=A,B [--boot-test]]
import { loadAll, run, plusTerms, mmNorm } from './harness.mjs';
import { termsOf, col, maxNorm, logNorm } from './lib.mjs';

const M = 5, ITERS = 5, MIN_DF = 3;

function ibm1(pairs) { // pairs: [qTerms Set, aTf Map]; returns Map q -> [[a, p], ...] top M (excluding a === q)
  const qdf = new Map(), adf = new Map();
  for (const [qs, at] of pairs) { for (const t of qs) qdf.set(t, (qdf.get(t) || 0) + 1); for (const t of at.keys()) adf.set(t, (adf.get(t) || 0) + 1); }
  const qid = new Map([['<null>', 0]]), aid = new Map();
  for (const [t, d] of qdf) if (d >= MIN_DF) qid.set(t, qid.size);
  for (const [t, d] of adf) if (d >= MIN_DF) aid.set(t, aid.size);
  const NA = aid.size;
  const P = pairs.map(([qs, at]) => [[0, ...[...qs].map((t) => qid.get(t)).filter((x) => x !== undefined)],
    [...at].filter(([t]) => aid.has(t)).map(([t, c]) => [aid.get(t), c])]);
  let tab = new Map(); // key q*NA + a
  const init = 1 / Math.max(1, NA);
  const get = (k) => tab.get(k) ?? init;
  for (let it = 0; it < ITERS; it++) {
    const cnt = new Map(), tot = new Float64Array(qid.size);
    for (const [qs, as] of P) {
      for (const [a, c] of as) {
        let z = 0; for (const q of qs) z += get(q * NA + a);
        for (const q of qs) { const k = q * NA + a, x = c * get(k) / z; cnt.set(k, (cnt.get(k) || 0) + x); tot[q] += x; }
      }
    }
    tab = new Map();
    for (const [k, x] of cnt) tab.set(k, x / tot[Math.floor(k / NA)]);
  }
  const qName = [...qid.keys()], aName = [...aid.keys()];
  const top = new Map();
  for (const [k, p] of tab) {
    const q = Math.floor(k / NA), a = k % NA;
    if (q === 0 || qName[q] === aName[a]) continue;
    if (!top.has(qName[q])) top.set(qName[q], []);
    top.get(qName[q]).push([aName[a], p]);
  }
  for (const [q, l] of top) { l.sort((x, y) => y[1] - x[1]); top.set(q, l.slice(0, M)); }
  return top;
}

export const makeHook = (h) => {
  const models = {}; let modelFold = -1;
  const qTerms = h.questions.map((q) => new Set([...termsOf(q.title), ...termsOf(q.body)]));
  const aTf = h.answers.map((a) => { const m = new Map(); for (const t of termsOf(a.body)) m.set(t, (m.get(t) || 0) + 1); return m; });
  return (Q, ctx) => {
    if (Q.fold !== modelFold) {
      const t0 = Date.now();
      for (const kind of ['acc', 'all']) {
        const pairs = [];
        h.answers.forEach((a, i) => { if (a.at < ctx.asOf && (kind === 'all' || a.accepted)) pairs.push([qTerms[a.q], aTf[i]]); });
        models[kind] = ibm1(pairs);
      }
      modelFold = Q.fold;
      if (process.env.TM_VERBOSE) {
        console.error(`${h.file} fold ${Q.fold}: ${Date.now() - t0} ms`);
        for (const w of ['network', 'neural', 'student', 'teacher', 'war', 'tag']) if (models.all.has(w)) console.error(`  ${w}: ${models.all.get(w).map(([a, p]) => a + ' ' + p.toFixed(3)).join(', ')}`);
      }
    }
    // the person's profile tf over all terms (kind 0/1 docs before the question)
    const { weight, personDocs, asOf, k1, b, avgProfile } = ctx;
    for (const kind of ['acc', 'all']) {
      const top = models[kind];
      const wx = new Map();
      for (const [t, w] of weight) for (const [u, p] of top.get(t) || []) if (!weight.has(u)) wx.set(u, (wx.get(u) || 0) + w * p);
      let mq = 0, mx = 0;
      for (const w of weight.values()) mq += w;
      for (const w of wx.values()) mx += w;
      for (const c of Q.cands) {
        let plen = 0; const ptf = new Map();
        for (const d of personDocs.get(c.p) || []) {
          if (d.at >= asOf || d.kind === 2) continue;
          plen += d.len;
          for (const t of wx.keys()) { const n = d.tf.get(t); if (n) ptf.set(t, (ptf.get(t) || 0) + n); }
        }
        let s = 0;
        if (plen > 0) { const norm = k1 * (1 - b + b * plen / avgProfile); for (const [t, n] of ptf) s += wx.get(t) * n * (k1 + 1) / (n + norm); }
        c.f['tmX_' + kind] = s;
        c.f['tmXrel_' + kind] = mx > 0 ? s * mq / mx : 0; // expansion score on the query's mass scale
      }
    }
  };
};

// weft with its profile replaced by profile + alpha * expansion (expansion mass scaled to alpha x query mass)
export function weftFull(kind, alpha) {
  return (c) => {
    const text = maxNorm(col(c, 'text')), a = logNorm(col(c, 'activity')), tags = maxNorm(col(c, 'tags'));
    const prox = maxNorm(col(c, 'prox')), prof = maxNorm(c.map((x) => x.f.profile + alpha * x.f['tmXrel_' + kind])), ls = col(c, 'last_seen');
    return c.map((_, i) => (0.1 * text[i] + 0.3 * a[i] + 0.05 * tags[i] + 0.1 * prox[i] + prof[i] + 0.4 * ls[i]) / 2.05);
  };
}

export const R = {};
for (const kind of ['acc', 'all']) {
  R[`alone tmX_${kind}`] = (c) => c.map((x) => x.f['tmX_' + kind]);
  for (const w of [0.05, 0.1, 0.2, 0.4]) R[`weft+${w} tmX_${kind}`] = plusTerms([[w, (f) => f['tmX_' + kind], maxNorm]]);
  for (const al of [0.1, 0.3, 1]) R[`tmF_${kind} a${al}`] = weftFull(kind, al);
}

if (import.meta.url === `file://${process.argv[1]}`) run(loadAll(makeHook), R);
