// Writes the demo plans (data/demo/plans/*.docx: lesson plans and annual plans) that `npm run cli -- seed-demo` hands in for
// the demo roster's teachers, so a first run has plans to open in every state. Run:
// npx tsx scripts/make-demo-plans.ts  (uses the test corpus's generator and the docx package,
// a development dependency; the files themselves are committed). A file already there is kept
// (a .docx written again differs in its timestamps only): pass --rewrite to write them all.
import fs from 'node:fs';
import path from 'node:path';
import { groupActivitiesPlan, groupTeachingPlan, lessonPlan, schoolPlan, teacherPlan, toDocx, type Block, type LessonOptions } from '../test/support/plan-corpus.js';
import { DEMO_ANNUAL_PLANS, DEMO_PLANS, type DemoAnnualPlan } from '../src/cli/demo-plans.js';

const dir = path.resolve('data/demo/plans');
fs.mkdirSync(dir, { recursive: true });
const rewrite = process.argv.includes('--rewrite');

async function write(file: string, blocks: Block[]): Promise<void> {
  const target = path.join(dir, file);
  if (!rewrite && fs.existsSync(target)) return;
  fs.writeFileSync(target, await toDocx(blocks));
  console.log(file);
}

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
    await write(version.file, blocks);
  }
}

/** An annual plan from the corpus's generator, its header and subject those of the demo's owner. */
function annual(demo: DemoAnnualPlan): Block[] {
  const upper = (text: string) => text.toLocaleUpperCase('vi');
  const subject = upper(demo.subject ?? '');
  const group = demo.group ? `TỔ: ${upper(demo.group.replace(/^Tổ /, ''))}` : '';
  switch (demo.kind) {
    case 'SCHOOL_PLAN': {
      const blocks = schoolPlan();
      blocks[1] = upper(demo.school);
      return [...blocks, `HIỆU TRƯỞNG`, demo.name];
    }
    case 'GROUP_TEACHING_PLAN': {
      const blocks = groupTeachingPlan();
      blocks.splice(1, 3, upper(demo.school), group, `Tổ trưởng: ${demo.name}`);
      return blocks.map((b) => (b === 'MÔN HỌC: TOÁN, KHỐI LỚP 8' ? `MÔN HỌC: ${subject}, KHỐI LỚP 8` : b));
    }
    case 'GROUP_ACTIVITIES_PLAN': {
      const blocks = groupActivitiesPlan();
      blocks.splice(1, 3, upper(demo.school), group, `Tổ trưởng: ${demo.name}`);
      return blocks;
    }
    case 'TEACHER_PLAN': {
      const blocks = teacherPlan();
      blocks.splice(1, 3, upper(demo.school), group, `Họ và tên giáo viên: ${demo.name}`);
      return blocks.map((b) => (b === 'MÔN HỌC: TOÁN, LỚP 8' ? `MÔN HỌC: ${subject}` : b));
    }
  }
}

for (const demo of DEMO_ANNUAL_PLANS) {
  await write(demo.file, annual(demo));
}
