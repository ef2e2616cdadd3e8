/** A message a scheduled round wants to send; its key makes it once-only. */
export interface PlannedMessage {
  staffId: number;
  key: string;
  text: string;
}

/** A chat message stays readable: long lists are cut with a count of the rest. */
export function listLines(items: string[], max = 25): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `… và ${items.length - max} mục khác.`];
}
