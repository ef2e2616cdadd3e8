import { randomInt } from 'node:crypto';
import type { DbTx } from '../db/prisma.js';

/** Readable on a phone and typed in a Zalo reply (`duyet K7F3Q2`): no 0/O or 1/I/L. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export async function newRefCode(tx: DbTx): Promise<string> {
  for (;;) {
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (!(await tx.plan.findUnique({ where: { refCode: code } }))) return code;
  }
}
