// Latent semantic similarity (LSA): a truncated SVD of the tf-idf term x document matrix of the
// past collection (questions: title+body; answers: the question's title+body + the answer), plain-JS
// randomized subspace iteration. The basis is fit ONCE PER FOLD on the documents strictly before
// the fold's first question (not refit per question); every document before each question is then
// folded in (U^T x). Person profile = sum of the person's past answer documents' unit vectors,
// accepted ones weighted 1.5; features: cosine(profile, question), and the best cosine of one
// of the person's answers with the question.
//   node bench/expertise_explore/lsa.mjs [--test] [--only=..] [--boot=A,B [--boot-test]]
import { loadAll, run, plusTerms } from './harness.mjs';
import { termsOf } from './lib.mjs';

const KMAX = 150, OVER = 10, POWER = 3, DIMS = [50, 100, 150];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());

// columns stored as arrays of Float64Array (each of length n); modified Gram-Schmidt in place
function orth(cols) {
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j];
    for (let pass = 0; pass < 2; pass++) for (let i = 0; i < j; i++) {
      const u = cols[i]; let d = 0;
      for (let t = 0; t < v.length; t++) d += u[t] * v[t];
      for (let t = 0; t < v.length; t++) v[t] -= d * u[t];
    }
    let n = 0; for (let t = 0; t < v.length; t++) n += v[t] * v[t];
    n = Math.sqrt(n) || 1;
    for (let t = 0; t < v.length; t++) v[t] /= n;
  }
  return cols;
}
// A as sparse columns: docs[j] = [[termIndex, value], ...]; A x (x over docs) and A^T y (y over terms)
const Amul = (docs, V, x) => { const y = new Float64Array(V); docs.forEach((d, j) => { const xj = x[j]; if (xj) for (const [t, v] of d) y[t] += v * xj; }); return y; };
const ATmul = (docs, y) => { const x = new Float64Array(docs.length); docs.forEach((d, j) => { let s = 0; for (const [t, v] of d) s += v * y[t]; x[j] = s; }); return x; };

// symmetric eigen-decomposition (cyclic Jacobi), M is l x l array of Float64Array
function jacobi(M) {
  const n = M.length, A = M.map((r) => Float64Array.from(r));
  const W = Array.from({ length: n }, (_, i) => { const r = new Float64Array(n); r[i] = 1; return r; });
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p][q] * A[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(A[p][q]) < 1e-300) continue;
      const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) { const akp = A[k][p], akq = A[k][q]; A[k][p] = c * akp - s * akq; A[k][q] = s * akp + c * akq; }
      for (let k = 0; k < n; k++) { const apk = A[p][k], aqk = A[q][k]; A[p][k] = c * apk - s * aqk; A[q][k] = s * apk + c * aqk; }
      for (let k = 0; k < n; k++) { const wkp = W[k][p], wkq = W[k][q]; W[k][p] = c * wkp - s * wkq; W[k][q] = s * wkp + c * wkq; }
    }
  }
  const vals = A.map((r, i) => r[i]);
  return { vals, vecs: W }; // column i of W (W[k][i]) is the eigenvector of vals[i]
}

export function fit(docsTf) {
  const df = new Map();
  for (const tf of docsTf) for (const t of tf.keys()) df.set(t, (df.get(t) || 0) + 1);
  const vocab = new Map();
  for (const [t, d] of df) if (d >= 2) vocab.set(t, vocab.size);
  const D = docsTf.length, V = vocab.size;
  const idf = new Map();
  for (const [t] of vocab) idf.set(t, Math.log(D / df.get(t)));
  const vec = (tf) => {
    const out = []; let n = 0;
    for (const [t, c] of tf) { const i = vocab.get(t); if (i === undefined) continue; const v = (1 + Math.log(c)) * idf.get(t); if (v > 0) { out.push([i, v]); n += v * v; } }
    n = Math.sqrt(n) || 1;
    for (const e of out) e[1] /= n;
    return out;
  };
  const A = docsTf.map(vec);
  const l = Math.min(KMAX + OVER, D, V);
  let Y = Array.from({ length: l }, () => { const om = new Float64Array(D); for (let j = 0; j < D; j++) om[j] = gauss(); return Amul(A, V, om); });
  for (let it = 0; it < POWER; it++) {
    orth(Y);
    const Z = orth(Y.map((y) => ATmul(A, y)));
    Y = Z.map((z) => Amul(A, V, z));
  }
  const Qc = orth(Y); // l columns of length V
  const B = Qc.map((q) => ATmul(A, q)); // rows of B = Q^T A, each length D
  const BBt = B.map((bi) => { const r = new Float64Array(l); B.forEach((bj, j) => { let s = 0; for (let t = 0; t < D; t++) s += bi[t] * bj[t]; r[j] = s; }); return r; });
  const { vals, vecs } = jacobi(BBt);
  const order = vals.map((v, i) => i).sort((a, b) => vals[b] - vals[a]).slice(0, Math.min(KMAX, l));
  // U columns = Qc * W[:, i]; store as term -> Float64Array(k) rows for fast projection
  const k = order.length;
  const Urow = new Map();
  for (const [t, ti] of vocab) {
    const r = new Float64Array(k);
    order.forEach((ei, c) => { let s = 0; for (let m = 0; m < l; m++) s += Qc[m][ti] * vecs[m][ei]; r[c] = s; });
    Urow.set(t, r);
  }
  const proj = (tf) => { // unit tf-idf vector projected: U^T x
    const p = new Float64Array(k);
    let n = 0; const parts = [];
    for (const [t, c] of tf) { const u = Urow.get(t); if (!u) continue; const v = (1 + Math.log(c)) * idf.get(t); if (v <= 0) continue; parts.push([u, v]); n += v * v; }
    n = Math.sqrt(n) || 1;
    for (const [u, v] of parts) for (let c = 0; c < k; c++) p[c] += u[c] * v / n;
    return p;
  };
  return { proj, k, sv: order.map((i) => Math.sqrt(Math.max(0, vals[i]))), V, D };
}

const cosK = (a, b, K) => { let d = 0, na = 0, nb = 0; for (let c = 0; c < K; c++) { d += a[c] * b[c]; na += a[c] * a[c]; nb += b[c] * b[c]; } return na > 0 && nb > 0 ? d / Math.sqrt(na * nb) : 0; };

export const makeHook = (h) => {
  let model = null, modelFold = -1, projCache = null;
  return (Q, ctx) => {
    if (Q.fold !== modelFold) { // first (earliest) question of the fold: fit on everything before it
      const t0 = Date.now();
      model = fit(ctx.docs.filter((d) => d.at < ctx.asOf).map((d) => d.tf));
      modelFold = Q.fold; projCache = new Map();
      if (process.env.LSA_VERBOSE) console.error(`${h.file} fold ${Q.fold}: V ${model.V} D ${model.D} k ${model.k} ${Date.now() - t0} ms; sv ${model.sv.slice(0, 5).map((x) => x.toFixed(2))}`);
    }
    const qtf = new Map();
    for (const t of termsOf(ctx.q.title)) qtf.set(t, (qtf.get(t) || 0) + 2);
    for (const t of termsOf(ctx.q.body)) qtf.set(t, (qtf.get(t) || 0) + 1);
    const qv = model.proj(qtf);
    const pv = (d) => { let v = projCache.get(d.id); if (!v) { v = model.proj(d.tf); projCache.set(d.id, v); } return v; };
    for (const c of Q.cands) {
      const prof = new Float64Array(model.k);
      const best = DIMS.map(() => -1);
      for (const d of ctx.personDocs.get(c.p) || []) {
        if (d.at >= ctx.asOf || d.kind === 2) continue;
        const v = pv(d), w = d.kind === 0 ? 1.5 : 1;
        let n = 0; for (let i = 0; i < model.k; i++) n += v[i] * v[i];
        n = Math.sqrt(n) || 1;
        for (let i = 0; i < model.k; i++) prof[i] += w * v[i] / n;
        DIMS.forEach((K, j) => { best[j] = Math.max(best[j], cosK(v, qv, Math.min(K, model.k))); });
      }
      DIMS.forEach((K, j) => { c.f['lsa' + K] = cosK(prof, qv, Math.min(K, model.k)); c.f['lsaMax' + K] = best[j]; });
    }
  };
};

export const R = {};
for (const K of DIMS) for (const f of ['lsa', 'lsaMax']) R[`alone ${f}${K}`] = (c) => c.map((x) => x.f[f + K]);
for (const K of DIMS) for (const f of ['lsa', 'lsaMax']) for (const w of [0.05, 0.1, 0.2, 0.4]) R[`weft+${w} ${f}${K}`] = plusTerms([[w, (x) => x[f + K]]]);

if (import.meta.url === `file://${process.argv[1]}`) run(loadAll(makeHook), R);
