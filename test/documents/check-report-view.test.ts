// What the plan page shows a reviewer from the stored checks: the lessons the checker was not
// sure about, and the 5512 checklist.
import { describe, expect, it } from 'vitest';
import { analyseText } from '../../src/core/documents/document-analysis.js';
import { checkReportView } from '../../src/web-admin/records/check-report-view.js';
import * as corpus from '../support/plan-corpus.js';
import * as layouts from '../support/real-layouts.js';

function stored(blocks: corpus.Block[]): string {
  const a = analyseText('DOCX', corpus.paragraphsOf(blocks));
  return JSON.stringify({ readability: a.readability, lessons: a.lessons, checklist: a.checklists.LESSON_PLAN });
}

describe('check report on the plan page', () => {
  it('tells the reviewer what looked like several lessons when the checker was not sure', () => {
    const page = checkReportView(stored(layouts.samePeriodPlans().blocks), true).toString();
    expect(page).toContain('Tệp có thể chứa 2 bài dạy');
    expect(page).toContain('người duyệt vui lòng xem lại');
  });

  it('lists the 5512 checklist with what is missing', () => {
    const blocks = corpus.lessonPlan({ title: 'Bài 5: Phân thức', missing: ['practice'] });
    const page = checkReportView(stored(blocks), true).toString();
    expect(page).toContain('✗ Hoạt động Luyện tập');
    expect(page).toContain('✓ Mỗi hoạt động có đủ a) Mục tiêu, b) Nội dung, c) Sản phẩm, d) Tổ chức thực hiện');
    expect(page).toContain('✓ Tổ chức thực hiện có đủ bốn bước');
  });

  it('says that a version is one lesson cut from a bigger file, escaping the file name', () => {
    const report = JSON.parse(stored(corpus.lessonPlan({ title: 'Bài 5: Phân thức' })));
    const page = checkReportView(JSON.stringify({ ...report, splitFrom: { name: 'tuan <15>.docx', sha256: 'x', part: 2, of: 3 } }), true).toString();
    expect(page).toContain('✂️ Bài 2/3 do trợ lý tách từ tệp “tuan &lt;15&gt;.docx”');
    expect(checkReportView(stored(corpus.lessonPlan({ title: 'Bài 5: Phân thức' })), true).toString()).not.toContain('✂️');
  });
});
