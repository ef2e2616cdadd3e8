import type { ChannelText } from '../channel-words.js';

/** A message a scheduled round wants to send; its key makes it once-only. */
export interface PlannedMessage {
  staffId: number;
  key: string;
  /** Worded for the channel it goes out on, where that matters (written when it is known). */
  text: ChannelText;
}

/** A chat message stays readable: long lists are cut with a count of the rest. */
export function listLines(items: string[], max = 25): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `… và ${items.length - max} mục khác.`];
}
