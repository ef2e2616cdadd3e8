// Telegram refuses a text message over 4,096 characters (400 "message is too long"): the person
// would then get no answer at all. Texts the product writes stay far below it; the ones that
// grow with a document or a list (lesson titles of a large bundle, lists of people) are cut at a
// line end and say so, rather than lost.
export const TELEGRAM_MAX_TEXT = 4096;

const CUT_NOTE = '\n… (tin nhắn quá dài, phần còn lại đã được lược bớt)';

export function fitForTelegram(text: string, max = TELEGRAM_MAX_TEXT): string {
  if (text.length <= max) return text;
  const room = max - CUT_NOTE.length;
  let at = text.lastIndexOf('\n', room);
  if (at < room / 2) at = text.lastIndexOf(' ', room);
  if (at < room / 2) at = room;
  // Never inside a surrogate pair (an emoji, a rare character).
  if (/[\uD800-\uDBFF]/.test(text.charAt(at - 1))) at -= 1;
  return `${text.slice(0, at).trimEnd()}${CUT_NOTE}`;
}
