// `npm run cli -- <command>`: operations for the hotline team and for set-up scripts.
// What it prints is for people, in Vietnamese. main.ts runs it as a process; tests call runCli
// in-process with their own environment and output (one spawned smoke test per command).
// check-file, split-docx and help need no database: they load neither Prisma nor the
// migrations (scripts/cli.sh skips those for them), so they start at once.
import { runCheckFileCommand } from './check-file-command.js';
import { argumentProblem, HELP, usage, type CliIo } from './help.js';

export type { CliIo } from './help.js';

/** Runs one command; resolves to the exit code. Defaults: this process's environment, stdout and stderr. */
export async function runCli(argv: string[], options: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { env: options.env ?? process.env, out: options.out ?? ((t) => console.log(t)), err: options.err ?? ((t) => console.error(t)) };
  try {
    return await runCommand(io, argv);
  } catch (error) {
    const problem = argumentProblem(error);
    if (problem === null) throw error;
    return usage(io, problem);
  }
}

async function runCommand(io: CliIo, argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  if (name === 'check-file') return runCheckFileCommand(io, args);
  if (name === 'split-docx') return (await import('./split-command.js')).runSplitCommand(io, args);
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP);
    return 0;
  }
  const { runDbCommand } = await import('./db-commands.js');
  return runDbCommand(io, name, args);
}
