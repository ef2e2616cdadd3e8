// Benchmark of the document checks:
// - time to read and check a typical 20-page lesson plan, in-process and through the worker pool;
// - the lesson finder on a labelled corpus: any folder with a manifest.json of entries
//   { file, kind, lessons, titles } (files under files/), or the corpus generated here.
// Run: npm run bench -- document-checks [--corpus <dir>]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { analyseText, refusesSeveralLessons } from '../src/core/documents/document-analysis.js';
import { extractText } from '../src/documents/extract-text.js';
import { TextExtractor } from '../src/documents/text-extractor.js';
import * as corpus from '../test/support/plan-corpus.js';
import * as layouts from '../test/support/real-layouts.js';
import { toTcvn3, toVni } from '../test/support/legacy-fonts.js';
import { machineLine, percentile } from './machine.js';

const { values } = parseArgs({ args: process.argv.slice(2), strict: false, allowPositionals: true, options: { corpus: { type: 'string' } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-docs-'));

interface ManifestEntry {
  file: string;
  kind: string;
  lessons: number;
  titles?: string[];
}

async function speed(): Promise<string[]> {
  const blocks = corpus.lessonPlan({ title: 'Bài 5: Phân thức', filler: 64 });
  const chars = corpus.paragraphsOf(blocks).join('\n').length;
  const file = path.join(dir, 'typical.docx');
  fs.writeFileSync(file, await corpus.toDocx(blocks));
  const pages = Math.round(chars / 1800);
  const inProcess: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const e = await extractText(file);
    if (e.status === 'TEXT') analyseText(e.format, e.paragraphs);
    inProcess.push(performance.now() - t);
  }
  const lines = [`Typical lesson plan: ${pages} pages (${chars.toLocaleString('en')} characters, ${(fs.statSync(file).size / 1024).toFixed(0)} KB .docx)`];
  lines.push(`- read + check in-process: median ${percentile(inProcess.slice(5), 50).toFixed(1)} ms, p95 ${percentile(inProcess.slice(5), 95).toFixed(1)} ms`);
  for (const threads of [1, 2]) {
    const pool = new TextExtractor({ threads });
    await pool.extract(file); // warm the workers
    const n = 200;
    const t = performance.now();
    const latencies: number[] = [];
    await Promise.all(Array.from({ length: n }, async () => {
      const s = performance.now();
      await pool.analyse(file);
      latencies.push(performance.now() - s);
    }));
    const seconds = (performance.now() - t) / 1000;
    lines.push(`- through the worker pool (${threads} thread${threads > 1 ? 's' : ''}): ${(n / seconds).toFixed(0)} documents/s with ${n} queued at once (median wait+work ${percentile(latencies, 50).toFixed(0)} ms)`);
    await pool.close();
  }
  return lines;
}

/** Writes the generated corpus (plan-corpus.ts and real-layouts.ts, Unicode and legacy fonts) as a manifest folder. */
async function generatedCorpus(): Promise<string> {
  const root = path.join(dir, 'generated');
  fs.mkdirSync(path.join(root, 'files'), { recursive: true });
  const entries: ManifestEntry[] = [];
  const add = async (name: string, lessons: number, content: Promise<Buffer>) => {
    fs.writeFileSync(path.join(root, 'files', name), await content);
    entries.push({ file: name, kind: 'lesson-plan', lessons });
  };
  const titles = ['Bài 1: Tập hợp', 'Bài 2: Phép cộng', 'Bài 3: Phép nhân', 'Bài 4: Lũy thừa', 'Bài 5: Thứ tự thực hiện phép tính'];
  for (let k = 1; k <= 5; k++) {
    for (let f = 0; f < 8; f++) {
      const variant = { upperCaseHeadings: Boolean(f & 1), numbered: !(f & 2), titleLabel: !(f & 4), opening: f & 1 ? 'Khởi động' as const : 'Mở đầu' as const, mergedPracticeApplication: k % 2 === 0, preparedDate: f & 2 ? null : undefined };
      const blocks = k === 1 ? corpus.lessonPlan({ title: titles[0]!, ...variant }) : corpus.severalLessons(titles.slice(0, k), variant);
      await add(`plan-${k}-${f}.docx`, k, corpus.toDocx(blocks));
      await add(`plan-${k}-${f}.pdf`, k, corpus.toPdf(blocks));
    }
  }
  for (let periods = 2; periods <= 6; periods++) {
    await add(`topic-${periods}.docx`, 1, corpus.toDocx(corpus.topicPlan(periods)));
    await add(`topic-${periods}.pdf`, 1, corpus.toPdf(corpus.topicPlan(periods)));
  }
  for (const [i, opts] of [{ withApplication: false }, { periodHeadings: true }, { filler: 8 }, { mergedPracticeApplication: true, periodHeadings: true }].entries()) {
    await add(`variant-${i}.docx`, 1, corpus.toDocx(corpus.lessonPlan({ title: 'Bài 7: Đa thức', ...opts })));
  }
  const all = [layouts.weeklyBundle(), layouts.unitFile(), layouts.tableLessons(), layouts.perPeriodLesson(), layouts.perPeriodLesson({ partsNumbered: 'digits' }), layouts.perPeriodLesson({ partsNumbered: 'bare' }), layouts.coverTocAppendix(), layouts.periodTitledLesson()];
  const encodings: Array<[string, (s: string) => string]> = [['unicode', (s) => s], ['vni', toVni], ['tcvn3', toTcvn3]];
  for (const [i, layout] of all.entries()) {
    for (const [name, enc] of encodings) {
      const blocks = layout.blocks.map((b) => (typeof b === 'string' ? enc(b) : { table: b.table.map((r) => r.map(enc)) }));
      await add(`layout-${i}-${name}.docx`, layout.lessons, corpus.toDocx(blocks));
      await add(`layout-${i}-${name}.odt`, layout.lessons, corpus.toOdt(blocks));
    }
  }
  fs.writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(entries));
  return root;
}

async function accuracy(root: string, label: string): Promise<string[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as ManifestEntry[];
  let tp = 0, fp = 0, fn = 0, tn = 0; // refusals (sure)
  let dtp = 0, dfp = 0, dfn = 0; // detections (sure or unsure)
  let exact = 0, plans = 0, falseRefusals = 0, singles = 0, unreadable = 0;
  const readAndCheck: number[] = [];
  const checkOnly: number[] = [];
  const wrong: string[] = [];
  for (const entry of manifest) {
    const file = path.join(root, 'files', entry.file);
    const t0 = performance.now();
    const e = await extractText(file);
    const t1 = performance.now();
    const analysis = e.status === 'TEXT' ? analyseText(e.format, e.paragraphs) : null;
    const t2 = performance.now();
    readAndCheck.push(t2 - t0);
    if (e.status === 'TEXT') {
      // The check's own time in a warm worker: the median of three more runs.
      const runs = [0, 1, 2].map(() => {
        const s = performance.now();
        analyseText(e.format, e.paragraphs);
        return performance.now() - s;
      });
      checkOnly.push(percentile(runs, 50));
    }
    else unreadable++;
    const lessons = analysis?.lessons ?? { verdict: 'UNKNOWN' as const };
    const refused = refusesSeveralLessons(lessons);
    const detected = lessons.verdict === 'SEVERAL';
    const several = entry.lessons >= 2;
    if (several && refused) tp++;
    else if (several) fn++;
    else if (refused) fp++;
    else tn++;
    if (several && detected) dtp++;
    else if (several) dfn++;
    else if (detected) dfp++;
    if (entry.lessons >= 1) {
      plans++;
      const count = lessons.verdict === 'SEVERAL' ? lessons.count : lessons.verdict === 'ONE' ? 1 : 0;
      if (count === entry.lessons) exact++;
      else wrong.push(`${entry.file}: ${count} for ${entry.lessons}`);
    }
    if (entry.lessons === 1) {
      singles++;
      if (refused) falseRefusals++;
    }
  }
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((a / b) * 100).toFixed(1)} %`);
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  return [
    `Lesson finder on ${label}: ${manifest.length} files (${tp + fn} with several lessons, ${singles} single lessons, ${manifest.length - plans} other documents${unreadable ? `, ${unreadable} unreadable` : ''})`,
    `- refused as "several lessons" (sure): precision ${ratio(tp, tp + fp)}, recall ${ratio(tp, tp + fn)} (${fp} wrong refusals, ${fn} missed)`,
    `- seen as several (sure or told to the reviewer): precision ${ratio(dtp, dtp + dfp)}, recall ${ratio(dtp, dtp + dfn)}`,
    `- exact lesson count: ${exact}/${plans} lesson-plan files (${pct(exact, plans)})${wrong.length ? `; off: ${wrong.slice(0, 6).join(', ')}${wrong.length > 6 ? ', …' : ''}` : ''}`,
    `- single lessons refused: ${falseRefusals} of ${singles}`,
    `- time per file: check (legacy text, lessons, checklists, hints; warm) median ${percentile(checkOnly, 50).toFixed(1)} ms, p95 ${percentile(checkOnly, 95).toFixed(1)} ms; read + check median ${percentile(readAndCheck, 50).toFixed(1)} ms, p95 ${percentile(readAndCheck, 95).toFixed(1)} ms`,
  ];
}

const out = [`### Document checks — ${new Date().toISOString().slice(0, 10)}`, `Machine: ${machineLine()}`, ''];
if (typeof values.corpus === 'string') {
  out.push(...(await accuracy(path.resolve(values.corpus), `the corpus in ${path.basename(path.resolve(values.corpus))}`)));
} else {
  out.push(...(await speed()), '', ...(await accuracy(await generatedCorpus(), 'the generated corpus (.docx/.pdf/.odt; Unicode, VNI, TCVN3)')));
}
console.log(out.join('\n'));
fs.rmSync(dir, { recursive: true, force: true });
