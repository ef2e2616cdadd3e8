// The life of a file a person hands in (an intake), as stored in Intake.status:
//   RECEIVED  recorded by the chat handler; its job downloads, stores and reads it
//   CHECKED   read; its job decides the next step (ask, refuse or file)
//   WAITING   a question was asked: the person's turn
//   DONE | REFUSED | FAILED | CANCELLED  ended, exactly once, each with what the person was told
// RECEIVED and CHECKED are work in hand: after a crash the sweeper hands them to a job again.
export const INTAKE_STATUSES = ['RECEIVED', 'CHECKED', 'WAITING', 'DONE', 'REFUSED', 'FAILED', 'CANCELLED'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

export const OPEN_INTAKE: readonly IntakeStatus[] = ['RECEIVED', 'CHECKED', 'WAITING'];
/** States a job (not the person) must move on from. */
export const WORK_IN_HAND: readonly IntakeStatus[] = ['RECEIVED', 'CHECKED'];

export function isIntakeEnded(status: string): boolean {
  return !(OPEN_INTAKE as readonly string[]).includes(status);
}

/** How many times a job may take up one intake (each crash or error counts) before it is given up. */
export const MAX_INTAKE_RUNS = 5;
