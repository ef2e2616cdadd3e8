import { describe, expect, it } from 'vitest';
import {
  describeQuietHours, formatReminderOffsets, nextSchoolYearName, parseFormDate, parseNudgeAfterHours,
  parseReminderOffsets, parseSchoolYearName, parseTimeOfDay, yearDateProblems,
} from '../../src/core/school-year-rules.js';

describe('reminder offsets', () => {
  it('reads days separated by commas, semicolons or spaces, largest first', () => {
    expect(parseReminderOffsets('7, 3, 1, 0')).toEqual({ ok: true, value: [7, 3, 1, 0] });
    expect(parseReminderOffsets('0;1 14,3')).toEqual({ ok: true, value: [14, 3, 1, 0] });
    expect(parseReminderOffsets(' 60 ')).toEqual({ ok: true, value: [60] });
  });

  it('empty means no reminders before the deadline', () => {
    expect(parseReminderOffsets('')).toEqual({ ok: true, value: [] });
    expect(parseReminderOffsets(' , ')).toEqual({ ok: true, value: [] });
  });

  it('refuses anything but whole days from 0 to 60, each once, naming the culprit', () => {
    for (const [text, culprit] of [['7,a', '"a"'], ['61', '"61"'], ['-1', '"-1"'], ['2.5', '"2.5"'], ['1e1', '"1e1"']] as const) {
      const result = parseReminderOffsets(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error).toContain(`${culprit} không phải số ngày hợp lệ`);
    }
    expect(parseReminderOffsets('3, 7, 3')).toEqual({ ok: false, error: 'Số ngày 3 được nhập hai lần; mỗi ngày nhắc chỉ nhập một lần.' });
  });

  it('formats back the way the form shows them', () => {
    expect(formatReminderOffsets([7, 3, 1, 0])).toBe('7, 3, 1, 0');
    expect(formatReminderOffsets([])).toBe('');
  });
});

describe('times of day', () => {
  it('normalises what people type', () => {
    expect(parseTimeOfDay('07:30')).toEqual({ ok: true, value: '07:30' });
    expect(parseTimeOfDay('7:05')).toEqual({ ok: true, value: '07:05' });
    expect(parseTimeOfDay('21h00')).toEqual({ ok: true, value: '21:00' });
    expect(parseTimeOfDay('00:00')).toEqual({ ok: true, value: '00:00' });
    expect(parseTimeOfDay('23:59')).toEqual({ ok: true, value: '23:59' });
  });

  it('refuses impossible times', () => {
    for (const text of ['25:00', '24:00', '12:60', '7', '', 'sáng', '7:5']) {
      const result = parseTimeOfDay(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/không hợp lệ: nhập theo dạng giờ:phút từ 00:00 đến 23:59/);
    }
  });
});

describe('dates', () => {
  it('takes the date field’s ISO value or a typed dd/mm/yyyy', () => {
    expect(parseFormDate('2026-09-15')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseFormDate('15/09/2026')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseFormDate('5/9/2026')).toEqual({ ok: true, value: '2026-09-05' });
  });

  it('refuses what is not a calendar date', () => {
    for (const text of ['31/02/2026', '2026-02-30', 'ngày mai', '15/09', '']) {
      const result = parseFormDate(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error).toContain('không phải là ngày hợp lệ');
    }
  });
});

describe('nudge delay', () => {
  it('is a whole number of hours from 1 to 168', () => {
    expect(parseNudgeAfterHours('24')).toEqual({ ok: true, value: 24 });
    expect(parseNudgeAfterHours('168')).toEqual({ ok: true, value: 168 });
    for (const text of ['0', '169', '1.5', 'x', '']) expect(parseNudgeAfterHours(text).ok, text).toBe(false);
  });
});

describe('school year names', () => {
  it('are two consecutive years', () => {
    expect(parseSchoolYearName('2027-2028')).toEqual({ ok: true, value: '2027-2028' });
    expect(parseSchoolYearName(' 2027 – 2028 ')).toEqual({ ok: true, value: '2027-2028' });
    for (const text of ['2027-2029', '2027', '27-28', 'Năm học mới']) expect(parseSchoolYearName(text).ok, text).toBe(false);
  });

  it('the next year to open follows the latest one, or is the current one when there is none', () => {
    expect(nextSchoolYearName(['2025-2026', '2026-2027'], '2026-10-01')).toBe('2027-2028');
    expect(nextSchoolYearName([], '2026-10-01')).toBe('2026-2027');
    expect(nextSchoolYearName([], '2026-07-31')).toBe('2025-2026');
  });
});

describe('dates of a year together', () => {
  const year = { startsOn: '2026-08-01', endsOn: '2027-07-31', annualDeadline: '2026-09-15' };

  it('accepts the default shape', () => {
    expect(yearDateProblems('2026-2027', year)).toEqual({});
  });

  it('the end comes after the start', () => {
    expect(yearDateProblems('2026-2027', { ...year, endsOn: '2026-08-01' })).toEqual({ endsOn: 'Ngày kết thúc phải sau ngày bắt đầu năm học.' });
  });

  it('the deadline lies in the named year (1/8 to 31/7) and between start and end', () => {
    expect(yearDateProblems('2026-2027', { ...year, annualDeadline: '2027-09-15' })).toEqual({
      annualDeadline: 'Hạn nộp phải nằm trong năm học 2026-2027, từ 01/08/2026 đến 31/07/2027.',
    });
    expect(yearDateProblems('2026-2027', { ...year, startsOn: '2026-09-01', annualDeadline: '2026-08-20' })).toEqual({
      annualDeadline: 'Hạn nộp phải nằm giữa ngày bắt đầu và ngày kết thúc năm học.',
    });
  });
});

describe('quiet hours described', () => {
  it('says when there are none and when they run past midnight', () => {
    expect(describeQuietHours('21:00', '06:30')).toBe('21:00–06:30 hôm sau');
    expect(describeQuietHours('12:00', '13:30')).toBe('12:00–13:30');
    expect(describeQuietHours('00:00', '00:00')).toBe('Không có (gửi thông báo mọi lúc)');
  });
});
