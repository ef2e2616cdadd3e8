// The questions the bot asks about a file, written once for every channel. Pure: given what
// is known so far and who is submitting, it names the next question or says the plan is
// fully described.
import { addDays, formatVnDate, parseVnDate, type IsoDate } from './calendar.js';
import { sameSubject } from './org.js';
import { foldVietnamese } from './text.js';
import { PLAN_KIND_LABELS, type PlanKind, type SchoolLevel } from './vocabulary.js';
import { z } from 'zod';

/** What the submitter may file, and where: loaded from the roster. */
export interface SubmitterContext {
  staffId: number;
  schoolId: number;
  schoolLevel: SchoolLevel;
  kinds: PlanKind[];
  /** One entry per subject taught, with the group/sub-group it is taught in. */
  teaching: Array<{ groupId: number; subgroupId: number | null; subject: string }>;
  /** Groups this person heads, with the subjects (sub-groups) of each. */
  headedGroups: Array<{ groupId: number; name: string; subgroups: Array<{ id: number; subject: string }> }>;
  /** Sub-groups this person heads. */
  headedSubgroups: Array<{ groupId: number; subgroupId: number; subject: string }>;
  /** This person's returned plans, newest first: a new file may be their next version. */
  returned: Array<{ planId: number; refCode: string; label: string; details: Partial<Flow> }>;
}

export const FlowSchema = z.object({
  nonce: z.string(),
  file: z.object({ ref: z.string(), name: z.string(), size: z.number().nullable(), mime: z.string().nullable() }),
  kind: z.enum(['SCHOOL_PLAN', 'GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN', 'TEACHER_PLAN', 'LESSON_PLAN']).optional(),
  subject: z.string().optional(),
  grade: z.number().int().min(6).max(12).optional(),
  title: z.string().min(1).max(200).optional(),
  titleSuggestion: z.string().optional(),
  teachingDate: z.string().optional(),
  groupId: z.number().int().optional(),
  subgroupId: z.number().int().nullable().optional(),
  /** Set once the person said whether the file replaces a returned plan. */
  resubmitAnswered: z.boolean().optional(),
  /** The teacher's answer to an R6 refusal: true "Tệp này chỉ có một bài dạy" (filed, the reviewer told), false: will split and resend. */
  lessonsContested: z.boolean().optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const STEPS = ['RESUBMIT', 'KIND', 'SUBJECT', 'GRADE', 'TITLE', 'DATE', 'LESSONS'] as const;
export type Step = (typeof STEPS)[number];
export interface Button {
  text: string;
  value: string;
}
export type NextQuestion =
  | { type: 'ASK'; step: Step; text: string; buttons: Button[][]; typed: boolean }
  | { type: 'READY'; flow: Required<Pick<Flow, 'kind'>> & Flow };

export function nextQuestion(flow: Flow, who: SubmitterContext, today: IsoDate): NextQuestion {
  if (!flow.resubmitAnswered && who.returned.length > 0) {
    const options = who.returned.slice(0, 5).map((r) => [{ text: `↩️ Nộp lại: ${r.label.slice(0, 40)} (${r.refCode})`, value: `P${r.planId}` }]);
    return ask('RESUBMIT', 'Thầy/cô có hồ sơ bị trả lại. Tệp này là bản sửa của hồ sơ nào?', [...options, [{ text: 'Không, đây là hồ sơ mới', value: 'N' }]]);
  }
  if (!flow.kind) {
    return ask('KIND', 'Tệp này là loại hồ sơ nào?', who.kinds.map((k) => [{ text: PLAN_KIND_LABELS[k], value: k }]));
  }
  const subjects = subjectChoices(flow.kind, who, flow);
  if (subjects && !flow.subject) {
    return ask('SUBJECT', 'Môn học nào?', rows(subjects.map((s, i) => ({ text: s, value: String(i) })), 2));
  }
  if (flow.kind === 'LESSON_PLAN') {
    if (!flow.grade) return ask('GRADE', 'Dạy lớp (khối) mấy?', rows(grades(who.schoolLevel).map((g) => ({ text: `Lớp ${g}`, value: String(g) })), 4));
    if (!flow.title) {
      const suggestion = flow.titleSuggestion ? [[{ text: `Dùng: ${flow.titleSuggestion}`.slice(0, 60), value: 'S' }]] : [];
      return ask('TITLE', 'Tên bài dạy hoặc chủ đề là gì? Thầy/cô gõ tên bài (ví dụ: Bài 5: Phân thức).', suggestion, true);
    }
    if (!flow.teachingDate) {
      return ask('DATE', 'Ngày dạy là ngày nào? Chọn bên dưới hoặc gõ ngày/tháng (ví dụ 20/9).', [[
        { text: `Hôm nay (${formatVnDate(today).slice(0, 5)})`, value: 'D0' },
        { text: `Ngày mai (${formatVnDate(addDays(today, 1)).slice(0, 5)})`, value: 'D1' },
      ]], true);
    }
  }
  return { type: 'READY', flow: { ...flow, kind: flow.kind, ...scopeOf(flow.kind, who, flow.subject) } };
}

/**
 * R6's refusal as a question with a way forward: the teacher contests it in one tap (or types
 * "một bài"), or says they will split the file and send each lesson.
 */
export function severalLessonsQuestion(refusal: string, splitNote: string): NextQuestion {
  return ask(
    'LESSONS',
    `❌ ${refusal}\n${splitNote}\nNếu tệp thực ra chỉ có một bài dạy, thầy/cô bấm “Tệp này chỉ có một bài dạy” (hoặc gõ: một bài): tệp được nộp kèm ghi chú cho người duyệt.`,
    [[{ text: 'Tệp này chỉ có một bài dạy', value: 'ONE' }], [{ text: 'Tôi sẽ tách và gửi lại', value: 'RESEND' }]],
    true,
  );
}

export type Answer = { ok: true; flow: Flow } | { ok: false; message: string };

/** Applies a button press (`value`) or typed text to the question `step`. */
export function applyAnswer(flow: Flow, step: Step, input: { button?: string; text?: string }, who: SubmitterContext, today: IsoDate): Answer {
  switch (step) {
    case 'RESUBMIT': {
      if (input.button === 'N') return { ok: true, flow: { ...flow, resubmitAnswered: true } };
      const plan = who.returned.find((r) => `P${r.planId}` === input.button);
      return plan
        ? { ok: true, flow: { ...flow, ...plan.details, resubmitAnswered: true } }
        : { ok: false, message: 'Vui lòng chọn một hồ sơ trong danh sách.' };
    }
    case 'KIND': {
      const kind = who.kinds.find((k) => k === input.button);
      return kind ? { ok: true, flow: { ...flow, kind } } : { ok: false, message: 'Vui lòng chọn loại hồ sơ trong danh sách.' };
    }
    case 'SUBJECT': {
      const subjects = subjectChoices(flow.kind!, who, flow) ?? [];
      const subject = subjects[Number(input.button)] ?? subjects.find((s) => input.text && sameSubject(s, input.text));
      return subject ? { ok: true, flow: { ...flow, subject } } : { ok: false, message: 'Vui lòng chọn môn học trong danh sách.' };
    }
    case 'GRADE': {
      const grade = Number(input.button ?? input.text?.replace(/\D/g, ''));
      return grades(who.schoolLevel).includes(grade)
        ? { ok: true, flow: { ...flow, grade } }
        : { ok: false, message: `Lớp phải là một trong: ${grades(who.schoolLevel).join(', ')}.` };
    }
    case 'TITLE': {
      const title = input.button === 'S' ? flow.titleSuggestion : input.text?.trim().replace(/\s+/g, ' ');
      if (!title || title.length < 3) return { ok: false, message: 'Tên bài dạy cần ít nhất 3 ký tự.' };
      if (title.length > 200) return { ok: false, message: 'Tên bài dạy quá dài (tối đa 200 ký tự).' };
      return { ok: true, flow: { ...flow, title } };
    }
    case 'LESSONS': {
      const typed = foldVietnamese(input.text ?? '');
      if (input.button === 'ONE' || /\b(?:mot|1) bai\b|chi co mot/.test(typed)) return { ok: true, flow: { ...flow, lessonsContested: true } };
      if (input.button === 'RESEND' || /\b(?:tach|gui lai)\b/.test(typed)) return { ok: true, flow: { ...flow, lessonsContested: false } };
      return { ok: false, message: 'Thầy/cô bấm “Tệp này chỉ có một bài dạy”, hoặc gõ “một bài”; nếu sẽ tách tệp, gõ “gửi lại”.' };
    }
    case 'DATE': {
      const date = input.button === 'D0' ? today : input.button === 'D1' ? addDays(today, 1) : input.text ? parseVnDate(input.text, today) : null;
      if (!date) return { ok: false, message: 'Chưa hiểu ngày dạy. Thầy/cô gõ theo dạng ngày/tháng, ví dụ 20/9.' };
      if (date < addDays(today, -30)) return { ok: false, message: 'Ngày dạy đã qua hơn 30 ngày; vui lòng kiểm tra lại.' };
      return { ok: true, flow: { ...flow, teachingDate: date } };
    }
  }
}

/** Subjects to choose from for this kind, or null when the kind has no subject or only one fits. */
function subjectChoices(kind: PlanKind, who: SubmitterContext, flow: Flow): string[] | null {
  let options: string[] = [];
  if (kind === 'LESSON_PLAN' || kind === 'TEACHER_PLAN') options = who.teaching.map((t) => t.subject);
  if (kind === 'GROUP_TEACHING_PLAN') options = who.headedGroups.flatMap((g) => g.subgroups.map((s) => s.subject));
  options = options.filter((s, i) => options.findIndex((o) => sameSubject(o, s)) === i);
  if (options.length === 0) return null;
  if (options.length === 1 && !flow.subject) return null;
  return options;
}

/** Where the plan sits in the tree, from the kind and subject. */
function scopeOf(kind: PlanKind, who: SubmitterContext, subject: string | undefined): Pick<Flow, 'groupId' | 'subgroupId' | 'subject'> {
  const single = (list: string[]) => (list.length === 1 ? list[0] : undefined);
  switch (kind) {
    case 'LESSON_PLAN':
    case 'TEACHER_PLAN': {
      const s = subject ?? single(who.teaching.map((t) => t.subject));
      const t = who.teaching.find((x) => s && sameSubject(x.subject, s)) ?? who.teaching[0];
      return { groupId: t?.groupId, subgroupId: t?.subgroupId ?? null, subject: s ?? t?.subject };
    }
    case 'GROUP_TEACHING_PLAN': {
      const all = who.headedGroups.flatMap((g) => g.subgroups.map((sg) => ({ g, sg })));
      const s = subject ?? single(all.map((x) => x.sg.subject));
      const hit = all.find((x) => s && sameSubject(x.sg.subject, s));
      return { groupId: hit?.g.groupId ?? who.headedGroups[0]?.groupId, subgroupId: hit?.sg.id ?? null, subject: s };
    }
    case 'GROUP_ACTIVITIES_PLAN': {
      const group = who.headedGroups[0];
      if (group) return { groupId: group.groupId, subgroupId: null, subject: undefined };
      const sg = who.headedSubgroups[0];
      return { groupId: sg?.groupId, subgroupId: sg?.subgroupId ?? null, subject: sg?.subject };
    }
    case 'SCHOOL_PLAN':
      return { groupId: undefined, subgroupId: null, subject: undefined };
  }
}

export function grades(level: SchoolLevel): number[] {
  if (level === 'THCS') return [6, 7, 8, 9];
  if (level === 'THPT') return [10, 11, 12];
  return [6, 7, 8, 9, 10, 11, 12];
}

function ask(step: Step, text: string, buttons: Button[][], typed = false): NextQuestion {
  return { type: 'ASK', step, text, buttons, typed };
}

function rows(buttons: Button[], perRow: number): Button[][] {
  const out: Button[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}

export type Completion = { ok: true; flow: Extract<NextQuestion, { type: 'READY' }>['flow'] } | { ok: false; step: Step; message: string };

/**
 * Answers every question at once (a web form): the same questions and the same checks as
 * the chat, in the same order. Stops at the first missing or refused answer.
 */
export function completeFlow(
  start: Flow,
  who: SubmitterContext,
  today: IsoDate,
  answers: Partial<Record<Step, { button?: string; text?: string }>>,
): Completion {
  let flow = start;
  for (let guard = 0; guard < 10; guard++) {
    const question = nextQuestion(flow, who, today);
    if (question.type === 'READY') return { ok: true, flow: question.flow };
    const answer = answers[question.step];
    if (!answer || (!answer.button && !answer.text?.trim())) return { ok: false, step: question.step, message: `Còn thiếu: ${question.text}` };
    const applied = applyAnswer(flow, question.step, answer, who, today);
    if (!applied.ok) return { ok: false, step: question.step, message: applied.message };
    flow = applied.flow;
  }
  return { ok: false, step: 'KIND', message: 'Không hoàn tất được thông tin hồ sơ.' };
}
