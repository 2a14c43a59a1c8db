// Reimplementation of weft's expertise evaluation (src/expertise/evaluation.cc, index.cc, text.cc)
// plus extra per-candidate features for ranking experiments.
import fs from 'node:fs';

export const DATA = process.env.WEFT_EXPERTISE_DATA || new URL('../../../shared/data/expertise', import.meta.url).pathname;
export const FILES = ['ai-se.jsonl', 'matheducators-se.jsonl', 'history-meta.jsonl'];

// ---------- text.cc ----------
const STOP = new Set(["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
  "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
  "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "get", "got", "had",
  "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in",
  "into", "is", "it", "its", "itself", "just", "like", "me", "might", "more", "most", "much", "must", "my",
  "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over",
  "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
  "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very",
  "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
  "you", "your", "yours"]);
const isVowel = (c) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
const anyVowel = (s) => { for (const c of s) if (isVowel(c)) return true; return false; };
function stem(word, bytes) {
  const n = bytes; // byte length
  if (n <= 3 || word.charCodeAt(word.length - 1) >= 0x80) return word;
  const ew = (s) => word.endsWith(s);
  if (ew('ies') && !ew('eies') && !ew('aies')) return word.slice(0, -3) + 'y';
  if (ew('es') && !ew('aes') && !ew('ees') && !ew('oes') && (ew('sses') || ew('xes') || ew('ches') || ew('shes'))) return word.slice(0, -2);
  if (word.endsWith('s') && !ew('us') && !ew('ss') && !ew('is')) return word.slice(0, -1);
  const undouble = (w) => (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && w[w.length - 1] !== 's' && w[w.length - 1] !== 'l') ? w.slice(0, -1) : w;
  if (ew('ing') && n >= 6 && anyVowel(word.slice(0, -3))) return undouble(word.slice(0, -3));
  if (ew('ed') && n >= 5 && !ew('eed') && anyVowel(word.slice(0, -2))) return undouble(word.slice(0, -2));
  return word;
}
const cache = new Map();
function termOf(word) {
  let t = cache.get(word);
  if (t !== undefined) return t;
  const lower = word.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const bytes = Buffer.byteLength(lower, 'utf8');
  if (bytes < 2 || STOP.has(lower) || /^[0-9]+$/.test(lower)) t = '';
  else t = stem(lower, bytes);
  cache.set(word, t);
  return t;
}
export function termsOf(text) {
  const out = [];
  // word characters: ASCII alnum or any non-ASCII character (its UTF-8 bytes are >= 0x80)
  const re = /[A-Za-z0-9\u0080-\u{10FFFF}]+/gu;
  for (const m of text.matchAll(re)) {
    const w = m[0];
    if (Buffer.byteLength(w, 'utf8') > 40) continue;
    const t = termOf(w);
    if (t) out.push(t);
  }
  return out;
}

// ---------- evaluation.cc: reading ----------
export function load(file) {
  const lines = fs.readFileSync(`${DATA}/${file}`, 'utf8').split('\n');
  const people = [], personIndex = new Map(), questions = [], qIndex = new Map(), pending = [];
  const person = (id) => { if (!personIndex.has(id)) { personIndex.set(id, people.length); people.push(id); } return personIndex.get(id); };
  const t = (s) => Math.floor(Date.parse(s) / 1000);
  for (const line of lines) {
    if (!line.trim()) continue;
    const o = JSON.parse(line);
    if (o.type === 'person') person(o.id);
    else if (o.type === 'question') {
      qIndex.set(o.id, questions.length);
      questions.push({ id: o.id, author: person(o.author), title: o.title || '', body: o.body || '', at: t(o.created_at),
        tags: (o.tags || []).filter((x) => typeof x === 'string'), accepted: -1 });
    } else if (o.type === 'answer') {
      pending.push({ q: o.question_id, author: person(o.author), body: o.body || '', at: t(o.created_at), accepted: o.accepted === true });
    }
  }
  const answers = [];
  for (const p of pending) {
    const q = qIndex.get(p.q);
    if (q === undefined) continue;
    p.q = q;
    if (p.accepted) questions[q].accepted = p.author;
    answers.push(p);
  }
  return { file, people, questions, answers };
}

// fold 0 = test set, fold k = k blocks before it
export function foldSets(h, testFraction = 0.2) {
  const answered = [];
  h.questions.forEach((q, i) => { if (q.accepted >= 0) answered.push(i); });
  answered.sort((a, b) => (h.questions[a].at - h.questions[b].at) || (a - b));
  const testCount = Math.ceil(answered.length * testFraction);
  const sets = [];
  for (let fold = 0; fold <= 4; fold++) {
    let end = answered.length;
    for (let k = 0; k < fold; k++) end = end >= testCount ? end - testCount : 0;
    const begin = end >= testCount ? end - testCount : 0;
    sets.push(answered.slice(begin, end));
  }
  return sets;
}

// ---------- replay + features ----------
const DAY = 86400;
const fade = (hl, asOf, at) => hl <= 0 ? 1 : Math.pow(2, -Math.max(0, asOf - at) / DAY / hl);

// Returns, for each scored question (any fold), {q, fold, solver, asker, cands: [{p, f: {...features}}]}
export function features(h, O = {}) {
  O = { k1: 1.2, b: 0.75, titleBoost: 2, halfLife: 365, kindAcc: 1.5, kindSol: 1, actAcc: 4, actSol: 0.3, actHalfLife: 365, profB: null, ...O };
  const sets = foldSets(h);
  const foldOf = new Map();
  sets.forEach((s, fold) => s.forEach((q) => foldOf.set(q, fold)));
  const steps = [];
  h.questions.forEach((q, i) => steps.push({ at: q.at, order: 0, i, seq: steps.length }));
  h.answers.forEach((a, i) => steps.push({ at: a.at, order: 1, i, seq: steps.length }));
  steps.sort((a, b) => (a.at - b.at) || (a.order - b.order) || (a.seq - b.seq));

  const docs = []; // {person, kind: 0 acc 1 sol 2 prob, at, tf: Map, len, tags, counterpart, q}
  const df = new Map();
  const cf = new Map();
  let totalLen = 0;
  let solLen = 0; const solCf = new Map(); // collection of solution docs only
  const personDocs = new Map();
  const tagDocs = new Map();
  const answeredBefore = new Set();
  // question-question collection: titles+tags of questions (for qq similarity)
  const qdocs = []; // {q, at, tf, len}
  const qdf = new Map();
  let qTotalLen = 0;
  const qTerms = h.questions.map((q) => {
    const tf = new Map();
    const add = (t, w) => tf.set(t, (tf.get(t) || 0) + w);
    for (const t of termsOf(q.title)) add(t, 1);
    for (const tag of q.tags) for (const t of termsOf(tag)) add(t, 1);
    return tf;
  });
  const tagDf = new Map(); // number of questions with tag
  let nQ = 0;
  const edges = []; // asker -> answerer, one per answer (ExpertiseRank's graph), with the answer's time

  const addDoc = (d) => {
    const tf = new Map();
    for (const t of termsOf(d.text)) tf.set(t, (tf.get(t) || 0) + 1);
    let len = 0;
    for (const [t, c] of tf) { df.set(t, (df.get(t) || 0) + 1); cf.set(t, (cf.get(t) || 0) + c); len += c; }
    if (d.kind !== 2) { for (const [t, c] of tf) solCf.set(t, (solCf.get(t) || 0) + c); solLen += len; }
    delete d.text;
    d.tf = tf; d.len = len; d.id = docs.length;
    docs.push(d);
    totalLen += len;
    if (!personDocs.has(d.person)) personDocs.set(d.person, []);
    personDocs.get(d.person).push(d);
    for (const tag of new Set(d.tags)) { if (!tagDocs.has(tag)) tagDocs.set(tag, []); tagDocs.get(tag).push(d); }
  };

  const out = [];
  for (const st of steps) {
    if (st.order === 0) {
      const qi = st.i, q = h.questions[qi];
      if (foldOf.has(qi)) out.push(scoreQuery(qi, q));
      addDoc({ person: q.author, kind: 2, at: q.at, text: q.title + '\n' + q.body, tags: q.tags, counterpart: -1, q: qi });
      // qq collection
      const tf = qTerms[qi];
      let len = 0;
      for (const [t, c] of tf) { qdf.set(t, (qdf.get(t) || 0) + 1); len += c; }
      qdocs.push({ q: qi, at: q.at, tf, len }); qTotalLen += len;
      for (const tag of new Set(q.tags)) tagDf.set(tag, (tagDf.get(tag) || 0) + 1);
      nQ++;
    } else {
      const a = h.answers[st.i], q = h.questions[a.q];
      addDoc({ ansLen: termsOf(a.body).length, person: a.author, kind: a.accepted ? 0 : 1, at: a.at, text: q.title + '\n' + q.body + '\n' + a.body, tags: q.tags, counterpart: q.author, q: a.q });
      answeredBefore.add(a.author);
      if (q.author !== a.author) edges.push([q.author, a.author, a.accepted ? 1 : 0, a.at]);
    }
  }

  function scoreQuery(qi, q) {
    const asOf = q.at, asker = q.author;
    const N = docs.length;
    const avgLen = Math.max(1, totalLen / N);
    const peopleN = personDocs.size;
    const avgProfile = Math.max(1, totalLen / Math.max(1, peopleN));
    const k1 = O.k1, b = O.b, pb = O.profB ?? O.b;
    const kindW = [O.kindAcc, O.kindSol, 0];
    const cands = [...answeredBefore].filter((p) => p !== asker).sort((x, y) => x - y);
    const candSet = new Set(cands);
    // query terms
    const qw = new Map();
    for (const t of termsOf(q.title)) if (df.has(t)) qw.set(t, (qw.get(t) || 0) + O.titleBoost);
    for (const t of termsOf(q.body)) if (df.has(t)) qw.set(t, (qw.get(t) || 0) + 1);
    const weight = new Map();
    for (const [t, w] of qw) {
      const d = df.get(t);
      const idf = Math.log(1 + (N - d + 0.5) / (d + 0.5));
      weight.set(t, (1 + Math.log(w)) * idf);
    }
    // qq query: title + tags of the new question
    const qqQuery = qTerms[qi];
    const qN = qdocs.length;
    const qqWeight = new Map();
    for (const [t, w] of qqQuery) {
      const d = qdf.get(t);
      if (!d) continue;
      qqWeight.set(t, (1 + Math.log(w)) * Math.log(1 + (qN - d + 0.5) / (d + 0.5)));
    }
    const qAvgLen = Math.max(1, qTotalLen / Math.max(1, qN));
    const qTags = q.tags;

    // ExpertiseRank (Zhang, Ackerman & Adamic 2007): PageRank on asker -> answerer; HITS authority
    const pr = new Map(), hub = new Map(), auth = new Map();
    {
      const nodes = new Set(); const outW = new Map();
      for (const [u, v, acc, at] of edges) { if (at >= asOf) continue; nodes.add(u); nodes.add(v); outW.set(u, (outW.get(u) || 0) + 1); }
      const n = Math.max(1, nodes.size);
      for (const x of nodes) pr.set(x, 1 / n);
      for (let it = 0; it < 30; it++) {
        const nx = new Map(); let dangling = 0;
        for (const x of nodes) { nx.set(x, 0.15 / n); if (!outW.has(x)) dangling += pr.get(x); }
        for (const [u, v, acc, at] of edges) { if (at >= asOf) continue; nx.set(v, nx.get(v) + 0.85 * pr.get(u) / outW.get(u)); }
        for (const x of nodes) nx.set(x, nx.get(x) + 0.85 * dangling / n);
        for (const [x, y] of nx) pr.set(x, y);
      }
      for (const x of nodes) { hub.set(x, 1); auth.set(x, 1); }
      for (let it = 0; it < 30; it++) {
        const na = new Map(); for (const x of nodes) na.set(x, 0);
        for (const [u, v, acc, at] of edges) if (at < asOf) na.set(v, na.get(v) + hub.get(u));
        let s = 0; for (const y of na.values()) s += y * y; s = Math.sqrt(s) || 1;
        for (const [x, y] of na) auth.set(x, y / s);
        const nh = new Map(); for (const x of nodes) nh.set(x, 0);
        for (const [u, v, acc, at] of edges) if (at < asOf) nh.set(u, nh.get(u) + auth.get(v));
        s = 0; for (const y of nh.values()) s += y * y; s = Math.sqrt(s) || 1;
        for (const [x, y] of nh) hub.set(x, y / s);
      }
    }
    const KS = [10, 25, 50, 100];
    const recentQ = KS.map(K => new Set(qdocs.slice(-K).map(x => x.q)));
    const result = [];
    for (const p of cands) {
      const lastK = KS.map(() => 0), lastKacc = KS.map(() => 0);
      const f = {};
      let text = 0, tags = 0, activity = 0, prox = 0, lastSol = -Infinity, firstSol = Infinity, plen = 0;
      const qHour = ((asOf % DAY) + DAY) % DAY / 3600;
      let hour1 = 0, hour2 = 0, hour3 = 0, nActAll = 0, delaySum = 0, delays = [], ansLenSum = 0, proxAcc = 0, hourAll2 = 0;
      const HL = [0.25, 1, 3, 7, 30, 90, 365]; const ansH = HL.map(() => 0), accH = HL.map(() => 0), proxH = HL.map(() => 0);
      const ptf = new Map(), ptfF = new Map(); let plenF = 0, lastAct = -Infinity;
      let nAns = 0, nAcc = 0, nAsk = 0, helped = 0;
      const win = [1, 7, 30, 90, 365];
      const ansW = win.map(() => 0), accW = win.map(() => 0);
      const tagCount = new Map();
      let textAns = 0, textAnsMax = 0, qqSum = 0, qqMax = 0;
      const qqTf = new Map(); let qqLen = 0;
      let lastAcc = -Infinity, act30 = 0, act90 = 0, actFade30 = 0, actFade90 = 0;
      for (const d of personDocs.get(p)) {
        if (d.at >= asOf) continue;
        const fd = fade(O.halfLife, asOf, d.at);
        // Model 2 BM25 (float accumulation like the C++)
        let ds = 0;
        for (const [t, w] of weight) {
          const c = d.tf.get(t);
          if (!c) continue;
          const norm = k1 * (1 - b + b * d.len / avgLen);
          ds = Math.fround(ds + Math.fround(w * c * (k1 + 1) / (c + norm)));
        }
        const kw = kindW[d.kind];
        text += ds * kw * fd;
        if (kw > 0) {
          plen += d.len;
          for (const [t] of weight) { const c = d.tf.get(t); if (c) { ptf.set(t, (ptf.get(t) || 0) + c); ptfF.set(t, (ptfF.get(t) || 0) + c * fade(30, asOf, d.at)); } }
          plenF += d.len * fade(30, asOf, d.at);
          for (const tag of qTags) if (d.tags.includes(tag)) tags += kw * fd;
        }
        activity += [O.actAcc, O.actSol, 0][d.kind] * fade(O.actHalfLife, asOf, d.at);
        lastAct = Math.max(lastAct, d.at);
        { const hh = ((d.at % DAY) + DAY) % DAY / 3600; let dh = Math.abs(hh - qHour); dh = Math.min(dh, 24 - dh);
          nActAll++; if (dh <= 2) hourAll2++;
          if (d.kind !== 2) { if (dh <= 1) hour1++; if (dh <= 2) hour2++; if (dh <= 3) hour3++; } }
        if (d.kind !== 2) recentQ.forEach((S, k) => { if (S.has(d.q)) { lastK[k]++; if (d.kind === 0) lastKacc[k]++; } });
        if (d.kind !== 2) { const dl = Math.max(1, d.at - h.questions[d.q].at); delays.push(dl); delaySum += Math.log(dl);
          ansLenSum += Math.log1p(d.ansLen); if (d.kind === 0 && d.counterpart === asker) proxAcc++; }
        if (d.kind !== 2) {
          lastSol = Math.max(lastSol, d.at);
          firstSol = Math.min(firstSol, d.at);
          if (d.counterpart === asker) { helped++; prox += (d.kind === 0 ? 1.5 : 1) * fd; }
          nAns++;
          if (d.kind === 0) { nAcc++; lastAcc = Math.max(lastAcc, d.at); }
          const age = (asOf - d.at) / DAY;
          win.forEach((w, k) => { if (age <= w) { ansW[k]++; if (d.kind === 0) accW[k]++; } });
          actFade30 += fade(30, asOf, d.at) * (d.kind === 0 ? 1 : 0.3);
          HL.forEach((hl, k) => { const x = fade(hl, asOf, d.at); ansH[k] += x; if (d.kind === 0) accH[k] += x; if (d.counterpart === asker) proxH[k] += x; });
          actFade90 += fade(90, asOf, d.at) * (d.kind === 0 ? 1 : 0.3);
          for (const tag of new Set(d.tags)) tagCount.set(tag, (tagCount.get(tag) || 0) + 1);
          textAns += ds; textAnsMax = Math.max(textAnsMax, ds);
          // question-question similarity to the question answered
          const qd = qTerms[d.q];
          let s = 0, l = 0;
          for (const [, c] of qd) l += c;
          for (const [t, w] of qqWeight) {
            const c = qd.get(t);
            if (!c) continue;
            s += w * c * (k1 + 1) / (c + k1 * (1 - b + b * l / qAvgLen));
            qqTf.set(t, (qqTf.get(t) || 0) + c);
          }
          qqLen += l;
          qqSum += s; qqMax = Math.max(qqMax, s);
        } else nAsk++;
      }
      let profile = 0;
      if (plen > 0) {
        const norm = k1 * (1 - pb + pb * plen / avgProfile);
        for (const [t, c] of ptf) profile += weight.get(t) * c * (k1 + 1) / (c + norm);
      }
      // Dirichlet-smoothed language model of the person's solution docs (Balog Model 1, LM)
      const lm = {};
      for (const mu of [50, 250, 1000, 4000]) {
        let ll = 0, qlen = 0;
        for (const [t, w] of qw) {
          const pc = (solCf.get(t) || 0) / Math.max(1, solLen);
          if (pc <= 0) continue;
          const c = ptf.get(t) || 0;
          ll += w * Math.log((c + mu * pc) / (plen + mu) / pc);
          qlen += w;
        }
        lm['lm' + mu] = qlen > 0 ? ll / qlen : 0;
        // faded version
        let llf = 0;
        for (const [t, w] of qw) {
          const pc = (solCf.get(t) || 0) / Math.max(1, solLen);
          if (pc <= 0) continue;
          const c = ptfF.get(t) || 0;
          llf += w * Math.log((c + mu * pc) / (plenF + mu) / pc);
        }
        lm['lmF' + mu] = qlen > 0 ? llf / qlen : 0;
      }
      Object.assign(f, lm);
      // qq profile (Model 1 over titles+tags of answered questions); avg length per answerer ~ use qAvgLen*avg answers
      let qqProfile = 0;
      if (qqLen > 0) {
        const avgQQ = qAvgLen * 3; // typical person's answered-question text (assumes ~3 answers)
        const norm = k1 * (1 - b + b * qqLen / avgQQ);
        for (const [t, c] of qqTf) qqProfile += qqWeight.get(t) * c * (k1 + 1) / (c + norm);
      }
      // tag overlap with idf over tags of questions so far
      let tagIdf = 0, tagIdfRaw = 0;
      for (const tag of qTags) {
        const c = tagCount.get(tag) || 0;
        if (!c) continue;
        const idf = Math.log(1 + nQ / ((tagDf.get(tag) || 0) + 1));
        tagIdf += idf * c / (nAns + 2);
        tagIdfRaw += idf * Math.log1p(c);
      }
      delays.sort((x, y) => x - y);
      Object.assign(f, {
        hour1: (hour1 + 1 * 3 / 24) / (nAns + 1), hour2: (hour2 + 1 * 5 / 24) / (nAns + 1), hour3: (hour3 + 1 * 7 / 24) / (nAns + 1),
        hourAll2: (hourAll2 + 5 / 24) / (nActAll + 1), hour2n: hour2,
        delayLogMean: nAns ? delaySum / nAns : 0, delayMedian: nAns ? delays[Math.floor(nAns / 2)] : 0,
        ansLen: nAns ? ansLenSum / nAns : 0, proxAcc,
        text, profile, activity, tags, prox, helped,
        last_seen: lastSol > -Infinity ? fade(7, asOf, lastSol) : 0,
        lastAgeDays: lastSol > -Infinity ? (asOf - lastSol) / DAY : 1e4,
        lastActAgeDays: lastAct > -Infinity ? (asOf - lastAct) / DAY : 1e4,
        lastAccAgeDays: lastAcc > -Infinity ? (asOf - lastAcc) / DAY : 1e4,
        firstAgeDays: firstSol < Infinity ? (asOf - firstSol) / DAY : 0,
        nAns, nAcc, nAsk, textAns, textAnsMax, qqSum, qqMax, qqProfile, tagIdf, tagIdfRaw,
        actFade30, actFade90,
        pagerank: pr.get(p) || 0, authority: auth.get(p) || 0,
        zscore: (nAns - nAsk) / Math.sqrt(Math.max(1, nAns + nAsk)),
      });
      KS.forEach((K, k) => { f['lastQ' + K] = lastK[k]; f['lastQacc' + K] = lastKacc[k]; });
      HL.forEach((hl, k) => { f['ansH' + hl] = ansH[k]; f['accH' + hl] = accH[k]; f['proxH' + hl] = proxH[k]; });
      win.forEach((w, k) => { f['ans' + w] = ansW[k]; f['acc' + w] = accW[k]; });
      result.push({ p, f });
    }
    const Q = { q: qi, fold: foldOf.get(qi), solver: q.accepted, asker, cands: result };
    // optional hook for experiments (competition.mjs, lsa.mjs, translation.mjs): sees the collection as of the question
    if (O.hook) O.hook(Q, { h, q, asOf, qw, weight, df, N, docs, personDocs, totalLen, avgProfile, k1, b: pb });
    return Q;
  }
  return out;
}

// ---------- evaluation ----------
// ranker(cands, query) -> array of scores (higher first); ties by person index ascending (as the C++)
export function mrrOf(queries, ranker) {
  let sum = 0;
  for (const Q of queries) {
    const scores = ranker(Q.cands, Q);
    const idx = Q.cands.findIndex((c) => c.p === Q.solver);
    if (idx < 0) continue;
    const s = scores[idx];
    let rank = 1;
    for (let k = 0; k < scores.length; k++) {
      if (k === idx) continue;
      if (scores[k] > s || (scores[k] === s && Q.cands[k].p < Q.solver)) rank++;
    }
    sum += 1 / rank;
  }
  return queries.length ? sum / queries.length : 0;
}

// helpers for rankers
export const col = (cands, key) => cands.map((c) => (typeof key === 'function' ? key(c.f) : c.f[key]));
export function maxNorm(v) { const m = Math.max(0, ...v); return v.map((x) => (m > 0 ? Math.max(0, x) / m : 0)); }
export function logNorm(v) { const m = Math.max(0, ...v); return v.map((x) => (m > 0 ? Math.log1p(x) / Math.log1p(m) : 0)); }
export function ranks(v) { // 1 = best; ties share the average rank
  const idx = v.map((x, i) => i).sort((a, b) => v[b] - v[a]);
  const r = new Array(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i; while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
