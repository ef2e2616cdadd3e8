// Writes the demo plans (data/demo/plans/*.docx) that `npm run cli -- seed-demo` hands in for
// the demo roster's teachers, so a first run has plans to open in every state. Run:
// npx tsx scripts/make-demo-plans.ts  (uses the test corpus's generator and the docx package,
// a development dependency; the files themselves are committed).
import fs from 'node:fs';
import path from 'node:path';
import { lessonPlan, toDocx, type Block, type LessonOptions } from '../test/support/plan-corpus.js';
import { DEMO_PLANS } from '../src/cli/demo-plans.js';

const dir = path.resolve('data/demo/plans');
fs.mkdirSync(dir, { recursive: true });

function plan(o: LessonOptions, school: string, teacher: string, group: string): Block[] {
  const blocks = lessonPlan({ ...o, filler: 2 });
  // The corpus's header names one school and teacher: the demo's name its own.
  blocks[1] = school.toLocaleUpperCase('vi');
  blocks[2] = `TỔ: ${group.replace(/^Tổ /, '').toLocaleUpperCase('vi')}`;
  blocks[3] = `Họ và tên giáo viên: ${teacher}`;
  return blocks;
}

for (const demo of DEMO_PLANS) {
  for (const version of demo.versions) {
    const blocks = plan({ title: demo.title, subject: demo.subject, grade: demo.grade, missing: version.missing }, demo.school, demo.teacher, demo.group);
    fs.writeFileSync(path.join(dir, version.file), await toDocx(blocks));
    console.log(version.file);
  }
}
