// Numbers, sizes and moments as the hotline team reads them (Vietnamese separators, Vietnam time).
import { formatVnDate, vnDateOf, vnTimeOf } from '../core/calendar.js';

export function count(n: number): string {
  return n.toLocaleString('vi-VN');
}

/** `1,5 MB`, `2,3 GB`. */
export function size(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  if (bytes < 1024) return `${bytes} byte`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/** `14:05 28/11/2026`. */
export function moment(epochMs: number): string {
  const at = new Date(epochMs);
  return `${vnTimeOf(at)} ${formatVnDate(vnDateOf(at))}`;
}

/** A progress line rewritten in place, on a terminal only (logs and pipes get none). */
export function progressLine(label: (done: { files: number; bytes: number }) => string): ((done: { files: number; bytes: number }) => void) & { end(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  const show = (done: { files: number; bytes: number }) => {
    if (!tty || Date.now() - last < 500) return;
    last = Date.now();
    shown = true;
    process.stderr.write(`\r${label(done)}\u001b[K`);
  };
  return Object.assign(show, { end: () => void (shown && process.stderr.write('\r\u001b[K')) });
}
