// What one process runs. A deployment runs any number of each role (docs/deployment.md):
// - web: the admin pages, the upload page and the review page;
// - bot: receiving chat updates (webhooks, or long polling in one copy at a time) and the
//   conversation that answers them;
// - worker: the BullMQ workers (file checks, delivery), the minutely schedule, the intake
//   sweeper and the outbox relay's polling.
// Every role serves /health and /ready. `all` is the three in one process (one machine).
export const PROCESS_ROLE_NAMES = ['bot', 'worker', 'web'] as const;
export type ProcessRole = (typeof PROCESS_ROLE_NAMES)[number];
export type ProcessRoles = ReadonlySet<ProcessRole>;

/** `all`, or a comma list of role names; undefined when the text names anything else. */
export function parseRoles(text: string): Set<ProcessRole> | undefined {
  const words = text.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && words[0] === 'all')) return new Set(PROCESS_ROLE_NAMES);
  if (!words.every((w): w is ProcessRole => (PROCESS_ROLE_NAMES as readonly string[]).includes(w))) return undefined;
  return new Set(words);
}

export const ALL_ROLES: ProcessRoles = new Set(PROCESS_ROLE_NAMES);

/** What each role starts, in one place, so the wiring code asks questions instead of testing names. */
export function componentsFor(roles: ProcessRoles) {
  return {
    /** Admin, upload and review pages. */
    webPages: roles.has('web'),
    /** Webhook routes, polling loops, setWebhook and the conversation. */
    receiveUpdates: roles.has('bot'),
    /** BullMQ workers, the schedule, the intake sweeper, the outbox relay's own polling. */
    jobWorkers: roles.has('worker'),
  };
}

export type Components = ReturnType<typeof componentsFor>;

export function describeRoles(roles: ProcessRoles): string {
  return roles.size === PROCESS_ROLE_NAMES.length ? 'all' : [...roles].join(',');
}
