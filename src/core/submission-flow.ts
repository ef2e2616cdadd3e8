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

/** One lesson cut from the file: stored by its hash like any upload, with its own analysis (JSON). */
export const SplitPartSchema = z.object({
  sha256: z.string(),
  size: z.number().int(),
  name: z.string(),
  title: z.string().min(1).max(200),
  /** The teaching date the part's text gives (ISO), proposed to the teacher. */
  date: z.string().optional(),
  analysis: z.string(),
});
export type SplitPart = z.infer<typeof SplitPartSchema>;

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
  /**
   * The teacher chose "Tách thành N giáo án": the file is cut into one .docx per lesson (parts,
   * once the intake's job has cut, stored and checked them), the teacher confirms the titles and
   * gives each teaching date, and every part is filed as its own lesson plan.
   */
  split: z
    .object({
      parts: z.array(SplitPartSchema).optional(),
      titlesConfirmed: z.boolean().optional(),
      dates: z.array(z.string()).optional(),
    })
    .optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const STEPS = ['RESUBMIT', 'KIND', 'SUBJECT', 'GRADE', 'TITLE', 'DATE', 'LESSONS', 'SPLIT_TITLES', 'SPLIT_DATES'] as const;
export type Step = (typeof STEPS)[number];
export interface Button {
  text: string;
  value: string;
}
export type NextQuestion =
  | { type: 'ASK'; step: Step; text: string; buttons: Button[][]; typed: boolean }
  | { type: 'READY'; flow: Required<Pick<Flow, 'kind'>> & Flow };

/** `typedOnly`: the channel shows no buttons (Zalo), so the question says what to type. */
export interface AskOptions {
  typedOnly?: boolean;
}

export function nextQuestion(flow: Flow, who: SubmitterContext, today: IsoDate, options: AskOptions = {}): NextQuestion {
  const parts = flow.split?.parts;
  if (parts && !flow.split!.titlesConfirmed) return splitTitlesQuestion(parts, options);
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
    if (parts) {
      if (!flow.split!.dates) return splitDatesQuestion(parts, flow.teachingDate, options);
      return { type: 'READY', flow: { ...flow, kind: flow.kind, ...scopeOf(flow.kind, who, flow.subject) } };
    }
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
export function severalLessonsQuestion(refusal: string, splitNote: string, splittable: number | null = null, options: AskOptions = {}): NextQuestion {
  const split = splittable
    ? options.typedOnly
      ? `Trợ lý có thể tách tệp thành ${splittable} giáo án (mỗi bài một tệp, giữ nguyên trình bày) và nộp từng giáo án: gõ “tach”.`
      : `Trợ lý có thể tách tệp thành ${splittable} giáo án (mỗi bài một tệp, giữ nguyên trình bày) và nộp từng giáo án: bấm “Tách thành ${splittable} giáo án” (hoặc gõ: tách).`
    : splitNote;
  const contest = options.typedOnly
    ? 'Nếu tệp thực ra chỉ có một bài dạy, gõ “mot bai”: tệp được nộp kèm ghi chú cho người duyệt. Nếu sẽ tự tách rồi gửi lại, gõ “gui lai”.'
    : 'Nếu tệp thực ra chỉ có một bài dạy, thầy/cô bấm “Tệp này chỉ có một bài dạy” (hoặc gõ: một bài): tệp được nộp kèm ghi chú cho người duyệt.';
  return ask(
    'LESSONS',
    `❌ ${refusal}\n${split}\n${contest}`,
    [
      ...(splittable ? [[{ text: `✂️ Tách thành ${splittable} giáo án`, value: 'SPLIT' }]] : []),
      [{ text: 'Tệp này chỉ có một bài dạy', value: 'ONE' }],
      [{ text: 'Tôi sẽ tách và gửi lại', value: 'RESEND' }],
    ],
    true,
  );
}

function numberedLines(parts: readonly SplitPart[], line: (p: SplitPart) => string): string {
  return parts.map((p, i) => `${i + 1}. ${line(p)}`).join('\n');
}

/** The titles found, for the teacher to confirm or retype (one per line). */
function splitTitlesQuestion(parts: readonly SplitPart[], options: AskOptions): NextQuestion {
  const n = parts.length;
  const how = options.typedOnly
    ? `Gõ “dung” nếu đúng. Nếu cần sửa, gõ lại đủ ${n} tên bài, mỗi tên một dòng. Gõ “huy” để bỏ: chưa giáo án nào được nộp.`
    : `Bấm “Đúng” nếu đúng. Nếu cần sửa, gõ lại đủ ${n} tên bài, mỗi tên một dòng. Bấm “Huỷ” (hoặc gõ /huy) để bỏ: chưa giáo án nào được nộp.`;
  return ask(
    'SPLIT_TITLES',
    `✂️ Trợ lý đã tách tệp thành ${n} giáo án, mỗi giáo án một tệp:\n${numberedLines(parts, (p) => p.title)}\nTên các bài đã đúng chưa? ${how}`,
    [[{ text: '✅ Đúng', value: 'OK' }, { text: 'Huỷ', value: 'CANCEL' }]],
    true,
  );
}

/** Each lesson's teaching date: proposed from its own text (or the caption), typed one per line. */
function splitDatesQuestion(parts: readonly SplitPart[], captionDate: string | undefined, options: AskOptions): NextQuestion {
  const proposed = parts.map((p) => p.date ?? captionDate);
  const all = proposed.every(Boolean);
  const lines = numberedLines(parts, (p) => {
    const date = p.date ?? captionDate;
    return `${p.title} — ${date ? formatVnDate(date) : 'chưa rõ ngày dạy'}`;
  });
  const example = parts.map((_, i) => formatVnDate(addDays(proposed[0] ?? '2026-09-07', i)).slice(0, 5)).slice(0, 3).join('\n');
  const accept = all ? (options.typedOnly ? 'Gõ “dung” để dùng các ngày trên, hoặc gõ' : 'Bấm “Dùng các ngày trên”, hoặc gõ') : 'Thầy/cô gõ';
  return ask(
    'SPLIT_DATES',
    `📅 Ngày dạy của từng bài:\n${lines}\n${accept} ngày dạy của cả ${parts.length} bài theo thứ tự trên, mỗi bài một dòng, ví dụ:\n${example}`,
    all ? [[{ text: '✅ Dùng các ngày trên', value: 'OK' }]] : [],
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
      if (input.button === 'RESEND' || /\bgui lai\b/.test(typed)) return { ok: true, flow: { ...flow, lessonsContested: false } };
      if (input.button === 'SPLIT' || /^(?:tach|tach thanh)\b/.test(typed)) return { ok: true, flow: acceptSplit(flow) };
      return { ok: false, message: 'Thầy/cô gõ “tách” để trợ lý tách tệp thành từng giáo án, “một bài” nếu tệp chỉ có một bài dạy, hoặc “gửi lại” nếu sẽ tự tách rồi gửi lại.' };
    }
    case 'SPLIT_TITLES': {
      const parts = flow.split?.parts ?? [];
      const typed = foldVietnamese(input.text ?? '');
      if (input.button === 'OK' || /^(?:dung|ok|dong y|co)\b/.test(typed)) {
        // Each part is its own plan: two parts of one title would be one plan's two versions.
        const same = sameTitle(parts.map((p) => p.title));
        if (same) return { ok: false, message: `Hai bài cùng tên “${same}”: thầy/cô gõ lại đủ ${parts.length} tên bài, mỗi tên một dòng, để mỗi giáo án có tên riêng.` };
        return { ok: true, flow: { ...flow, split: { ...flow.split, titlesConfirmed: true } } };
      }
      const titles = (input.text ?? '').split('\n').map((l) => l.replace(/^\s*\d{1,2}\s*[.)]\s+/, '').trim().replace(/\s+/g, ' ')).filter(Boolean);
      if (titles.length !== parts.length) {
        return { ok: false, message: `Thầy/cô gõ “đúng” nếu tên các bài đã đúng, hoặc gõ lại đủ ${parts.length} tên bài, mỗi tên một dòng.` };
      }
      const bad = titles.find((t) => t.length < 3 || t.length > 200);
      if (bad !== undefined) return { ok: false, message: 'Mỗi tên bài cần từ 3 đến 200 ký tự.' };
      const same = sameTitle(titles);
      if (same) return { ok: false, message: `Hai bài cùng tên “${same}”: thầy/cô gõ lại đủ ${parts.length} tên bài, mỗi tên một dòng, để mỗi giáo án có tên riêng.` };
      return { ok: true, flow: { ...flow, split: { ...flow.split, titlesConfirmed: true, parts: parts.map((p, i) => ({ ...p, title: titles[i]! })) } } };
    }
    case 'SPLIT_DATES': {
      const parts = flow.split?.parts ?? [];
      const proposed = parts.map((p) => p.date ?? flow.teachingDate);
      const typed = foldVietnamese(input.text ?? '');
      if (input.button === 'OK' || /^(?:dung|ok|dong y)\b/.test(typed)) {
        const old = proposed.findIndex((d) => d && d < addDays(today, -30));
        if (old >= 0) return { ok: false, message: `Ngày dạy của bài ${old + 1} đã qua hơn 30 ngày; thầy/cô gõ ${parts.length} ngày, mỗi bài một dòng.` };
        if (proposed.every(Boolean)) return { ok: true, flow: { ...flow, split: { ...flow.split, dates: proposed as string[] } } };
        return { ok: false, message: `Chưa rõ ngày dạy của mọi bài: thầy/cô gõ ${parts.length} ngày, mỗi bài một dòng.` };
      }
      const tokens = [...(input.text ?? '').matchAll(/(?<![\d/.-])\d{1,2}[/.-]\d{1,2}(?:[/.-](?:\d{4}|\d{2}))?(?![\d/.-])/g)].map((m) => m[0]);
      if (tokens.length !== parts.length) {
        return { ok: false, message: `Cần ${parts.length} ngày dạy (mỗi bài một dòng, theo thứ tự), trợ lý đọc được ${tokens.length}. Ví dụ: 20/9` };
      }
      const dates: string[] = [];
      for (const [i, token] of tokens.entries()) {
        const date = parseVnDate(token, today);
        if (!date) return { ok: false, message: `Chưa hiểu ngày dạy của bài ${i + 1} (“${token}”). Thầy/cô gõ theo dạng ngày/tháng, ví dụ 20/9.` };
        if (date < addDays(today, -30)) return { ok: false, message: `Ngày dạy của bài ${i + 1} đã qua hơn 30 ngày; vui lòng kiểm tra lại.` };
        dates.push(date);
      }
      return { ok: true, flow: { ...flow, split: { ...flow.split, dates } } };
    }
    case 'DATE': {
      const date = input.button === 'D0' ? today : input.button === 'D1' ? addDays(today, 1) : input.text ? parseVnDate(input.text, today) : null;
      if (!date) return { ok: false, message: 'Chưa hiểu ngày dạy. Thầy/cô gõ theo dạng ngày/tháng, ví dụ 20/9.' };
      if (date < addDays(today, -30)) return { ok: false, message: 'Ngày dạy đã qua hơn 30 ngày; vui lòng kiểm tra lại.' };
      return { ok: true, flow: { ...flow, teachingDate: date } };
    }
  }
}

function sameTitle(titles: readonly string[]): string | null {
  const folded = titles.map((t) => foldVietnamese(t));
  return titles.find((_, i) => folded.indexOf(folded[i]!) !== i) ?? null;
}

/** The teacher chose to split: a lesson plan per part; the title and date are asked per part, the resubmit question no more. */
function acceptSplit(flow: Flow): Flow {
  return { ...flow, kind: 'LESSON_PLAN', title: undefined, resubmitAnswered: true, split: {} };
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
