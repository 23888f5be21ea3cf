/**
 * Plain leveled logging to stderr. Kong merges the server's stdout and stderr into its error log,
 * but `--dump-*` output goes to stdout, so nothing else may be written there.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (lvl: LogLevel) => (msg: string): void => {
    if (RANK[lvl] <= RANK[level]) write(`${new Date().toISOString()} [${lvl}] ${msg}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** As kong-pdk: no `-v` → info, one or more → debug. */
export function levelForVerbosity(verbose: number): LogLevel {
  return verbose >= 1 ? 'debug' : 'info';
}
