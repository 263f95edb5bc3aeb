import { createLogger, type Logger } from '../../lib/log.ts';

/** A logger that keeps its lines, so tests can assert what was (and was not) logged. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }), lines };
}
