// What changed between two versions of a plan, paragraph by paragraph, for the reviewer of a
// resubmission: jsdiff (the `diff` package) finds the paragraphs added and removed; a removed
// paragraph that comes back edited is shown once, with its words added and removed. Unchanged
// paragraphs far from any change are folded away. Pure: built from the two texts.
import { diffArrays, diffWordsWithSpace } from 'diff';
import { linesOf } from './document-text.js';

export type ChangePart = { kind: 'same' | 'added' | 'removed'; text: string };

export type ChangeLine =
  | { kind: 'same' | 'added' | 'removed'; text: string }
  | { kind: 'edited'; parts: ChangePart[] }
  /** Unchanged paragraphs folded away. */
  | { kind: 'skipped'; count: number };

export interface TextChanges {
  added: number;
  removed: number;
  edited: number;
  lines: ChangeLine[];
  /** The texts differ too much to compare paragraph by paragraph (a different document). */
  tooDifferent: boolean;
}

export interface ChangeOptions {
  /** Unchanged paragraphs kept on each side of a change. */
  context?: number;
  /** Most paragraph edits searched for before giving up (jsdiff's maxEditLength). */
  maxEdits?: number;
}

/** An edited paragraph keeps at least this share of its text; below it, it reads as replaced. */
const EDIT_SIMILARITY = 0.5;

export function textChanges(before: readonly string[], after: readonly string[], options: ChangeOptions = {}): TextChanges {
  const context = options.context ?? 1;
  const a = linesOf(before).map((l) => l.text);
  const b = linesOf(after).map((l) => l.text);
  const chunks = diffArrays(a, b, { maxEditLength: options.maxEdits ?? 2000 });
  if (!chunks) return { added: 0, removed: 0, edited: 0, lines: [], tooDifferent: true };
  const all: Array<Exclude<ChangeLine, { kind: 'skipped' }>> = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const next = chunks[i + 1];
    if (chunk.removed && next?.added) {
      all.push(...pair(chunk.value, next.value));
      i++;
    } else {
      const kind = chunk.added ? 'added' : chunk.removed ? 'removed' : 'same';
      for (const text of chunk.value) all.push({ kind, text });
    }
  }
  const count = (kind: ChangeLine['kind']) => all.filter((l) => l.kind === kind).length;
  return { added: count('added'), removed: count('removed'), edited: count('edited'), lines: fold(all, context), tooDifferent: false };
}

/** Removed paragraphs followed by added ones: similar pairs are edits, the rest stay removed and added. */
function pair(removed: string[], added: string[]): Array<Exclude<ChangeLine, { kind: 'skipped' }>> {
  const out: Array<Exclude<ChangeLine, { kind: 'skipped' }>> = [];
  const gone: string[] = [];
  const come: string[] = [];
  const n = Math.max(removed.length, added.length);
  for (let i = 0; i < n; i++) {
    const old = removed[i];
    const now = added[i];
    const edit = old !== undefined && now !== undefined ? wordEdit(old, now) : null;
    if (edit) {
      out.push(...gone.splice(0).map((text) => ({ kind: 'removed' as const, text })), ...come.splice(0).map((text) => ({ kind: 'added' as const, text })));
      out.push({ kind: 'edited', parts: edit });
    } else {
      if (old !== undefined) gone.push(old);
      if (now !== undefined) come.push(now);
    }
  }
  out.push(...gone.map((text) => ({ kind: 'removed' as const, text })), ...come.map((text) => ({ kind: 'added' as const, text })));
  return out;
}

/** The word changes of a paragraph, or null when too little of it stayed to call it an edit. */
function wordEdit(old: string, now: string): ChangePart[] | null {
  const words = diffWordsWithSpace(old, now);
  const kept = words.filter((w) => !w.added && !w.removed).reduce((n, w) => n + w.value.trim().length, 0);
  if (kept / Math.max(old.length, now.length, 1) < EDIT_SIMILARITY) return null;
  return words.map((w) => ({ kind: w.added ? 'added' : w.removed ? 'removed' : 'same', text: w.value }));
}

/** Keeps `context` unchanged paragraphs around each change; longer unchanged runs become one "skipped" line. */
function fold(lines: Array<Exclude<ChangeLine, { kind: 'skipped' }>>, context: number): ChangeLine[] {
  const changed = lines.map((l) => l.kind !== 'same');
  const near = lines.map((_, i) => changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
  const out: ChangeLine[] = [];
  for (const [i, line] of lines.entries()) {
    if (near[i]) out.push(line);
    else {
      const last = out.at(-1);
      if (last?.kind === 'skipped') last.count++;
      else out.push({ kind: 'skipped', count: 1 });
    }
  }
  return out;
}
