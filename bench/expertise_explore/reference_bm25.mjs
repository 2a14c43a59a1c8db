// An attempt to reproduce the reference "BM25 over past answers" figures of
// ../shared/data/expertise/README.md (.149 / .171 / .336) on the test split, over 160 variants:
// tokenizer (Weft's, raw words, raw words without stop words, \w+), what a document is (the answer;
// the question's title and the answer; title, body and answer; title, tags and answer), the query
// (title; title and body), and how a person's answers add up (best, sum, mean, best three, one
// document of all). Ties count as the expected reciprocal rank. Prints the 10 variants nearest to
// the reference figures, then the best figure on each file. About 10 minutes.
//   node bench/expertise_explore/reference_bm25.mjs
import { load, foldSets, termsOf, FILES } from './lib.mjs';
const STOP = new Set(["a","an","the","and","or","of","to","in","is","it","that","for","on","with","as","be","are","this","i","you","was","at","by","not","but","have","from","if","can","what","which","there","we","they","do","so","my","would","an","how","its"]);
const toks = {
  weft: (s) => termsOf(s),
  raw: (s) => (s.toLowerCase().match(/[a-z0-9]+/g) || []),
  rawstop: (s) => (s.toLowerCase().match(/[a-z0-9]+/g) || []).filter((w) => !STOP.has(w)),
  raw2: (s) => (s.toLowerCase().match(/\w+/g) || []).filter((w) => w.length > 1),
};
function run(h, V) {
  const tok = toks[V.tok];
  const sets = foldSets(h);
  const test = new Set(sets[0]);
  // per answer docs
  const ans = h.answers.map((a) => {
    const q = h.questions[a.q];
    let text = a.body;
    if (V.doc === 'ta') text = q.title + ' ' + a.body;
    if (V.doc === 'tba') text = q.title + ' ' + q.body + ' ' + a.body;
    if (V.doc === 'tagsa') text = q.title + ' ' + q.tags.join(' ') + ' ' + a.body;
    const tf = new Map(); let len = 0;
    for (const t of tok(text)) { tf.set(t, (tf.get(t) || 0) + 1); len++; }
    return { ...a, tf, len };
  }).sort((x, y) => x.at - y.at);
  let sum = 0, n = 0;
  for (const qi of sets[0]) {
    const q = h.questions[qi];
    const past = ans.filter((a) => a.at < q.at);
    n++;
    const cands = [...new Set(past.map((a) => a.author))];
    if (!cands.includes(q.accepted)) continue;
    let qt = tok(V.query === 't' ? q.title : V.query === 'tb' ? q.title + ' ' + q.body : q.title + ' ' + q.body + ' ' + q.tags.join(' '));
    if (V.qset) qt = [...new Set(qt)];
    let docs = past;
    if (V.agg === 'profile') {
      const m = new Map();
      for (const a of past) {
        if (!m.has(a.author)) m.set(a.author, { author: a.author, tf: new Map(), len: 0 });
        const d = m.get(a.author);
        for (const [t, c] of a.tf) d.tf.set(t, (d.tf.get(t) || 0) + c);
        d.len += a.len;
      }
      docs = [...m.values()];
    }
    const N = docs.length; const df = new Map(); let tot = 0;
    for (const d of docs) { tot += d.len; for (const t of d.tf.keys()) df.set(t, (df.get(t) || 0) + 1); }
    const avg = tot / N;
    const score = new Map(cands.map((p) => [p, V.agg === 'max' ? 0 : 0]));
    const per = new Map();
    for (const d of docs) {
      let s = 0;
      for (const t of qt) {
        const c = d.tf.get(t); if (!c) continue;
        const dfi = df.get(t);
        const idf = V.idf === 'plus1' ? Math.log(1 + (N - dfi + 0.5) / (dfi + 0.5)) : Math.log((N - dfi + 0.5) / (dfi + 0.5));
        s += idf * c * (V.k1 + 1) / (c + V.k1 * (1 - V.b + V.b * d.len / avg));
      }
      if (!per.has(d.author)) per.set(d.author, []);
      per.get(d.author).push(s);
    }
    for (const [p, arr] of per) {
      let v;
      if (V.agg === 'max' || V.agg === 'profile') v = Math.max(...arr);
      else if (V.agg === 'sum') v = arr.reduce((x, y) => x + y, 0);
      else if (V.agg === 'mean') v = arr.reduce((x, y) => x + y, 0) / arr.length;
      else if (V.agg === 'top3') v = arr.sort((x, y) => y - x).slice(0, 3).reduce((x, y) => x + y, 0);
      score.set(p, v);
    }
    const s = score.get(q.accepted);
    let better = 0, ties = 0;
    for (const [p, v] of score) { if (p === q.accepted) continue; if (v > s) better++; else if (v === s) ties++; }
    const rank = V.tie === 'pess' ? better + ties + 1 : V.tie === 'opt' ? better + 1 : better + 1 + ties / 2;
    sum += V.tie === 'exp' ? (() => { let e = 0; for (let k = 0; k <= ties; k++) e += 1 / (better + 1 + k); return e / (ties + 1); })() : 1 / rank;
  }
  return sum / n;
}
const hs = FILES.map(load);
const ref = [0.149, 0.171, 0.336];
const rows = [];
for (const tok of Object.keys(toks)) for (const doc of ['a', 'ta', 'tba', 'tagsa']) for (const query of ['t', 'tb']) for (const agg of ['max', 'sum', 'mean', 'top3', 'profile'])
  for (const [k1, b] of [[1.2, 0.75]]) for (const idf of ["plus1"]) for (const tie of ['exp']) {
    const V = { tok, doc, query, agg, k1, b, idf, tie };
    const m = hs.map((h) => run(h, V));
    const err = m.reduce((e, x, i) => e + Math.abs(x - ref[i]), 0);
    rows.push({ V, m, err });
  }
rows.sort((a, b) => a.err - b.err);
for (const r of rows.slice(0, 10)) console.log(r.err.toFixed(3), r.m.map((x) => x.toFixed(3)).join(' '), JSON.stringify(r.V));
for (let i = 0; i < FILES.length; i++) {
  const best = rows.reduce((a, r) => (r.m[i] > a.m[i] ? r : a));
  console.log(`best on ${FILES[i]}: ${best.m[i].toFixed(3)} (reference ${ref[i]})`, JSON.stringify(best.V));
}
