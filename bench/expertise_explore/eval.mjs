// node bench/expertise_explore/eval.mjs [--test]   (folds 1-3 always; the test fold only with --test)
import { FILES, load, features, mrrOf, col, maxNorm, logNorm, ranks } from './lib.mjs';
import { RANKERS } from './rankers.mjs';

const showTest = process.argv.includes('--test');
const only = process.argv.filter((a) => a.startsWith('--only=')).map((a) => a.slice(7).split(','))[0];
const data = FILES.map((file) => {
  const h = load(file);
  const qs = features(h);
  return { file, h, byFold: [0, 1, 2, 3].map((k) => qs.filter((q) => q.fold === k)) };
});
const names = only || Object.keys(RANKERS);
const base = {};
const header = ['ranker'];
for (const d of data) for (const k of [1, 2, 3]) header.push(`${d.file.split('-')[0]}.f${k}`);
header.push('mean9', 'cells>weft');
if (showTest) { for (const d of data) header.push(`${d.file.split('-')[0]}.test`); header.push('meanT'); }
console.log(header.join('\t'));
for (const name of names) {
  const r = RANKERS[name];
  const row = [name.padEnd(22)];
  const cells = [];
  for (const d of data) for (const k of [1, 2, 3]) cells.push(mrrOf(d.byFold[k], r));
  if (name === 'weft') base.cells = cells;
  const mean = cells.reduce((a, b) => a + b, 0) / cells.length;
  const better = base.cells ? cells.filter((c, i) => c > base.cells[i] + 1e-9).length : 0;
  row.push(...cells.map((c) => c.toFixed(3)), mean.toFixed(4), String(better));
  if (showTest) {
    const t = data.map((d) => mrrOf(d.byFold[0], r));
    row.push(...t.map((c) => c.toFixed(3)), (t.reduce((a, b) => a + b, 0) / 3).toFixed(4));
  }
  console.log(row.join('\t'));
}
