// Entry point of `npm run cli -- <command>` (see run-cli.ts): `.env` if there is one, then the
// command, its exit code the process's.
import { loadDotEnv } from '../config/config.js';
import { runCli } from './run-cli.js';

loadDotEnv();
process.exitCode = await runCli(process.argv.slice(2));
