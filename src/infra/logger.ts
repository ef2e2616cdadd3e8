// The product's log. On a terminal (someone ran `npm start` by hand) lines are made readable
// by pino-pretty — local time, level, message, then the fields — because raw JSON with epoch
// times explains nothing to a first-time user. Anywhere else (systemd, Docker, a file, a pipe)
// it stays one JSON object a line, which log collectors parse. LOG_FORMAT overrides the guess.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  /** Default: pretty when standard output is a terminal, JSON otherwise. */
  format?: LogFormat;
}

export function createLogger(level: string = 'info', options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'json') return pino({ level, base: { app: 'hscm' } });
  // sync: a line is on screen before the process exits (start-up errors end in process.exit).
  const stream = pretty({ colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', singleLine: true, ignore: 'pid,hostname,app', sync: true });
  return pino({ level, base: { app: 'hscm' } }, stream);
}
