/**
 * Rate-limited logging for lines a client can trigger at will (refused
 * requests, failed authentications): at most one line per key per window,
 * and the next line written for that key carries `suppressed`, how many were
 * left out since the previous one. A flood of refusals then costs a few lines
 * every window instead of one line per request.
 *
 * Keys are chosen by the code (a refusal reason), never taken from the
 * request; should more than `maxKeys` distinct keys turn up anyway, the new
 * ones share one budget, so memory and log volume stay bounded either way.
 */
import type { Logger } from './log.ts';

export interface LogLimiterOptions {
  /** One line per key per this many milliseconds. */
  windowMs?: number;
  maxKeys?: number;
  now?: () => number;
}

type LimitedLog = (key: string, msg: string, fields?: Record<string, unknown>) => void;
export type LimitedLogger = Record<keyof Logger, LimitedLog>;

export const DEFAULT_LOG_WINDOW_MS = 10_000;
const DEFAULT_MAX_KEYS = 64;
const SHARED_KEY = '\0shared';

export function limitLogs(logger: Logger, options: LogLimiterOptions = {}): LimitedLogger {
  const windowMs = options.windowMs ?? DEFAULT_LOG_WINDOW_MS;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { until: number; suppressed: number }>();
  const limited = (level: keyof Logger): LimitedLog => (key, msg, fields) => {
    const slot = windows.has(key) || windows.size < maxKeys ? key : SHARED_KEY;
    const at = now();
    const previous = windows.get(slot);
    if (previous && at < previous.until) {
      previous.suppressed += 1;
      return;
    }
    windows.set(slot, { until: at + windowMs, suppressed: 0 });
    logger[level](msg, previous?.suppressed ? { ...fields, suppressed: previous.suppressed } : fields);
  };
  return { debug: limited('debug'), info: limited('info'), warn: limited('warn'), error: limited('error') };
}
