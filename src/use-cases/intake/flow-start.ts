// What is known of a plan before anyone is asked: the caption and the file name when the
// file arrives, then the document's own heading once it is read.
import { randomBytes } from 'node:crypto';
import { readHints } from '../../core/caption-hints.js';
import type { DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { sameSubject } from '../../core/org.js';
import { grades, type Flow, type SubmitterContext } from '../../core/submission-flow.js';
import { displayFileName } from '../../core/text.js';

export interface HandedFile {
  ref: string;
  name: string;
  size: number | null;
  mime: string | null;
}

export function startFlow(file: HandedFile, caption: string | undefined, who: SubmitterContext, today: string): Flow {
  const subjects = subjectsOf(who);
  const fromName = readHints(file.name, subjects, today);
  const fromCaption = caption ? readHints(caption, subjects, today) : {};
  const hints = { ...fromName, ...fromCaption };
  const kind = hints.kind && who.kinds.includes(hints.kind) ? hints.kind : who.kinds.length === 1 ? who.kinds[0] : undefined;
  const lesson = kind === 'LESSON_PLAN';
  // A caption naming a returned plan's code ("nộp lại K7F3Q2") resubmits it directly.
  const named = who.returned.find((r) => caption?.toUpperCase().includes(r.refCode));
  return {
    nonce: randomBytes(6).toString('base64url'),
    file: { ref: file.ref, name: displayFileName(file.name), size: file.size, mime: file.mime },
    kind,
    subject: hints.subject,
    grade: lesson ? hints.grade : undefined,
    title: lesson ? fromCaption.title : undefined,
    titleSuggestion: fromCaption.title ?? fromName.title,
    teachingDate: lesson ? hints.teachingDate : undefined,
    ...(named ? { ...named.details, resubmitAnswered: true } : {}),
  };
}

/** What the document's own heading says fills what the caption left open; its title is proposed. */
export function withDocumentHints(flow: Flow, analysis: DocumentAnalysis | null, who: SubmitterContext): Flow {
  const hints = analysis?.hints;
  if (!hints) return flow;
  const kind = flow.kind ?? (hints.kind && who.kinds.includes(hints.kind) ? hints.kind : undefined);
  const subject = flow.subject ?? subjectsOf(who).find((s) => hints.subject && sameSubject(s, hints.subject));
  const lesson = kind === 'LESSON_PLAN';
  return {
    ...flow,
    kind,
    subject,
    grade: flow.grade ?? (lesson && hints.grade && grades(who.schoolLevel).includes(hints.grade) ? hints.grade : undefined),
    titleSuggestion: hints.title ? sentenceCase(hints.title) : flow.titleSuggestion,
  };
}

function subjectsOf(who: SubmitterContext): string[] {
  return who.teaching.map((t) => t.subject).concat(who.headedGroups.flatMap((g) => g.subgroups.map((s) => s.subject)));
}

/** "BÀI 5: PHÂN THỨC" → "Bài 5: Phân thức": headings are often typed in capitals. */
export function sentenceCase(title: string): string {
  if (title !== title.toLocaleUpperCase('vi')) return title;
  const lower = title.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1).replace(/([:.]\s*)(\p{L})/gu, (_, p, c: string) => p + c.toLocaleUpperCase('vi'));
}
