// Benchmark of the document checks: time to read and check a typical 20-page lesson plan, and
// the lesson counter's precision/recall on a generated corpus of 200 plans.
// Run: npm run bench -- document-checks
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyseText } from '../src/core/documents/document-analysis.js';
import { countLessons } from '../src/core/documents/lesson-counter.js';
import { extractText } from '../src/documents/extract-text.js';
import { TextExtractor } from '../src/documents/text-extractor.js';
import * as corpus from '../test/support/plan-corpus.js';
import { machineLine, percentile } from './machine.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-docs-'));

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

async function accuracy(): Promise<string[]> {
  const cases: Array<{ expected: number; make: () => Promise<Buffer> }> = [];
  const flags = [0, 1, 2, 3, 4, 5, 6, 7];
  const titles = ['Bài 1: Tập hợp', 'Bài 2: Phép cộng', 'Bài 3: Phép nhân', 'Bài 4: Lũy thừa', 'Bài 5: Thứ tự thực hiện phép tính'];
  for (let k = 1; k <= 5; k++) {
    for (const f of flags) {
      const variant = { upperCaseHeadings: Boolean(f & 1), numbered: !(f & 2), titleLabel: !(f & 4), opening: f & 1 ? 'Khởi động' as const : 'Mở đầu' as const, mergedPracticeApplication: k % 2 === 0, preparedDate: f & 2 ? null : undefined };
      for (const format of ['docx', 'pdf'] as const) {
        const blocks = k === 1 ? corpus.lessonPlan({ title: titles[0]!, ...variant }) : corpus.severalLessons(titles.slice(0, k), variant);
        cases.push({ expected: k, make: () => (format === 'docx' ? corpus.toDocx(blocks) : corpus.toPdf(blocks)) });
      }
    }
  }
  for (let periods = 2; periods <= 6; periods++) {
    cases.push({ expected: 1, make: () => corpus.toDocx(corpus.topicPlan(periods)) });
    cases.push({ expected: 1, make: () => corpus.toPdf(corpus.topicPlan(periods)) });
  }
  for (const opts of [{ withApplication: false }, { periodHeadings: true }, { filler: 8 }, { mergedPracticeApplication: true, periodHeadings: true }]) {
    cases.push({ expected: 1, make: () => corpus.toDocx(corpus.lessonPlan({ title: 'Bài 7: Đa thức', ...opts })) });
  }
  let tp = 0, fp = 0, fn = 0, tn = 0, exact = 0;
  const pool = new TextExtractor({ threads: 2 });
  for (const [i, c] of cases.entries()) {
    const file = path.join(dir, `c${i}`);
    fs.writeFileSync(file, await c.make());
    const e = await pool.extract(file);
    const result = e.status === 'TEXT' ? countLessons(e.paragraphs) : { verdict: 'UNKNOWN' as const };
    const several = result.verdict === 'SEVERAL';
    if (c.expected > 1 && several) tp++;
    else if (c.expected > 1) fn++;
    else if (several) fp++;
    else tn++;
    if ((several ? result.count : 1) === c.expected) exact++;
  }
  await pool.close();
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return [
    `Lesson counter on ${cases.length} generated plans (${tp + fn} files with 2–5 lessons, ${tn + fp} with one lesson or one topic over 2–6 periods; .docx and .pdf):`,
    `- "several lessons": precision ${(precision * 100).toFixed(1)} % (${fp} false refusals), recall ${(recall * 100).toFixed(1)} % (${fn} missed); exact count ${exact}/${cases.length}`,
  ];
}

const out = [`### Document checks — ${new Date().toISOString().slice(0, 10)}`, `Machine: ${machineLine()}`, '', ...(await speed()), '', ...(await accuracy())];
console.log(out.join('\n'));
fs.rmSync(dir, { recursive: true, force: true });
