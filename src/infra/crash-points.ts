// Deterministic fault injection for the reliability tests: `crashPoint('name')` kills this
// process with SIGKILL (no clean-up, no flush: what a power cut or the OOM killer does) when,
// and only when, HSCM_CRASH_POINT names that point. The variable is read once at start; in
// production it is unset and every call is a comparison against undefined.

const armed = process.env.HSCM_CRASH_POINT?.trim() || undefined;

/** Names of the points where the tests kill a submission in flight. */
export type CrashPointName =
  | 'after-file-stored'
  | 'before-submission-commit'
  | 'after-submission-commit'
  | 'after-message-accepted'
  /** A split file: its parts cut and stored, not yet recorded on the intake. */
  | 'after-split-stored'
  /** A split file: the first part written in the filing transaction, the others not yet. */
  | 'between-split-parts';

export function crashPoint(name: CrashPointName): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
