// `npm run cli -- <command>`: operations for the hotline team and for set-up scripts.
// What it prints is for people, in Vietnamese. check-file and help need no database: they load
// neither Prisma nor the migrations (scripts/cli.sh skips those for them), so they start at once.
import { runCheckFileCommand } from './check-file-command.js';
import { HELP } from './help.js';

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  if (name === 'check-file') return runCheckFileCommand(args);
  if (name === 'split-docx') return (await import('./split-command.js')).runSplitCommand(args);
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(HELP);
    return 0;
  }
  const { runDbCommand } = await import('./db-commands.js');
  return runDbCommand(name, args);
}

process.exitCode = await main(process.argv.slice(2));
