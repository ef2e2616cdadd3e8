// The 5512 activity checklist: parts a–d of each activity, the four steps, minutes per period.
import { describe, expect, it } from 'vitest';
import { checkStructure, missingParts } from '../../src/core/documents/structure-check.js';
import * as corpus from '../support/plan-corpus.js';
import * as layouts from '../support/real-layouts.js';

const items = (paragraphs: string[]) => Object.fromEntries(checkStructure(paragraphs, 'LESSON_PLAN').map((i) => [i.key, i]));

describe('5512 activity checklist (advisory)', () => {
  it('a complete lesson has every part, step and no minutes to argue with', () => {
    const found = items(corpus.paragraphsOf(corpus.lessonPlan({ title: 'Bài 5: Phân thức' })));
    expect(found.activityParts!.found).toBe(true);
    expect(found.organisationSteps!.found).toBe(true);
    expect(found.minutes!.found).toBe(true);
    expect(missingParts(checkStructure(corpus.paragraphsOf(layouts.perPeriodLesson({ partsNumbered: 'digits' }).blocks), 'LESSON_PLAN'))).toEqual([]);
  });

  it('names the activity and the part it lacks', () => {
    const paragraphs = ['Thời gian thực hiện: 1 tiết', 'Hoạt động 1: Mở đầu (5 phút)', 'a) Mục tiêu: tạo hứng thú.', 'b) Nội dung: xem video.', 'd) Tổ chức thực hiện: GV chuyển giao nhiệm vụ; HS thực hiện nhiệm vụ; báo cáo, thảo luận; kết luận.',
      'Hoạt động 2: Hình thành kiến thức mới (30 phút)', 'a) Mục tiêu:', 'b) Nội dung:', 'c) Sản phẩm:', 'd) Tổ chức thực hiện:', 'Hoạt động 3: Luyện tập (10 phút)', 'a) Mục tiêu:', 'b) Nội dung:', 'c) Sản phẩm:', 'd) Tổ chức thực hiện:'];
    const found = items(paragraphs);
    expect(found.activityParts).toMatchObject({ found: false, label: 'Hoạt động thiếu phần: “Hoạt động 1: Mở đầu (5 phút)” thiếu c) Sản phẩm' });
    expect(found.minutes!.found).toBe(true); // 45 minutes for 1 period
  });

  it('says which steps of d) and how many minutes are off', () => {
    const paragraphs = ['Thời gian thực hiện: 2 tiết', 'Hoạt động 1: Mở đầu (10 phút)', 'a) Mục tiêu:', 'b) Nội dung:', 'c) Sản phẩm:', 'd) Tổ chức thực hiện: GV giao nhiệm vụ, HS thực hiện nhiệm vụ.', 'Hoạt động 2: Luyện tập (20 phút)'];
    const found = items(paragraphs);
    expect(found.organisationSteps).toMatchObject({ found: false, label: 'Tổ chức thực hiện chưa thấy bước: báo cáo, thảo luận, kết luận, nhận định' });
    expect(found.minutes).toMatchObject({ found: false, label: 'Các hoạt động ghi tổng 30 phút, khác 2 tiết × 45 phút = 90 phút' });
  });

  it('does not hold old-style plans without 5512 parts to them', () => {
    const found = items(corpus.paragraphsOf(layouts.weeklyBundle().blocks));
    expect(found.activityParts!.found).toBe(true);
    expect(found.organisationSteps!.found).toBe(true);
  });
});
