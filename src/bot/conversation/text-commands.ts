// Typed commands, in words common to every channel: Telegram's slash commands, and on Zalo
// (no menu, no buttons) the same words typed bare, with or without accents: "nộp", "choduyet",
// "duyet K7F3Q2", "trả K7F3Q2 thiếu mục tiêu".
import { foldVietnamese } from '../../core/text.js';
import type { Command, InboundEvent } from './inbound.js';

const COMMANDS: Record<string, Command> = {
  nop: 'submit',
  nophoso: 'submit',
  noplai: 'submit',
  trangthai: 'status',
  choduyet: 'pending',
  huongdan: 'help',
  help: 'help',
  huy: 'cancel',
  cancel: 'cancel',
};

export interface TextCommandOptions {
  /** Words without a slash count as commands (Zalo, which has no command menu). */
  bareWords: boolean;
}

export function textEvent(text: string, options: TextCommandOptions): InboundEvent {
  const decision = decisionCommand(text);
  if (decision) return decision;
  const slash = /^\/([a-z_]+)(?:@\w+)?(?:\s+(.*))?$/is.exec(text.trim());
  if (slash) {
    const name = slash[1]!.toLowerCase();
    if (name === 'start') return { type: 'start', payload: slash[2]?.trim() || undefined };
    const mapped = COMMANDS[name];
    return mapped ? { type: 'command', command: mapped } : { type: 'text', text };
  }
  if (!options.bareWords) return { type: 'text', text };
  const word = foldVietnamese(text).replace(/[\s.!]/g, '');
  if (word === 'start' || word === 'batdau') return { type: 'start' };
  const mapped = COMMANDS[word];
  return mapped ? { type: 'command', command: mapped } : { type: 'text', text };
}

const REF = '([A-Za-z0-9]{6})';
const APPROVE = new RegExp(`^\\s*\\/?(?:duyet|duyệt)\\s+${REF}\\s*[.!]?\\s*$`, 'iu');
const RETURN = new RegExp(`^\\s*\\/?(?:tra|trả)(?:\\s*(?:lai|lại))?\\s+${REF}(?:[\\s:,.;-]+([\\s\\S]*))?$`, 'iu');

/** "duyet <mã>" and "tra <mã> <lý do>": a reviewer's decision typed as text. */
function decisionCommand(text: string): InboundEvent | null {
  const normal = text.normalize('NFC');
  const approve = APPROVE.exec(normal);
  if (approve) return { type: 'decide', action: 'APPROVE', refCode: approve[1]!.toUpperCase() };
  const ret = RETURN.exec(normal);
  if (ret) return { type: 'decide', action: 'RETURN', refCode: ret[1]!.toUpperCase(), reason: ret[2]?.trim() || undefined };
  return null;
}
