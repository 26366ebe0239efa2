import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Exit codes that mean something (documented in `luoshi --help`). */
export const EXIT = {
  ok: 0,
  failed: 1, // the command ran and found a problem (invalid import, broken audit chain)
  usage: 2, // bad arguments
  config: 3, // bad environment
  locked: 4, // the embedded data directory is held by another process
  internal: 70,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

export type Command = {
  usage: string;
  run(args: string[]): Promise<number | undefined>;
};

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with --help handled and errors turned into a usage message. */
export function parse<O extends Options>(args: string[], usage: string, options: O, allowPositionals = false) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    if ((parsed.values as Record<string, unknown>).help) throw new CliError(usage, EXIT.ok);
    return parsed;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** A progress bar on stderr for jobs that take more than a second; without a terminal, a line every 2 seconds. */
export function progressBar(label: string, total: number): { tick(n: number): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let rendered = -1;
  const start = Date.now();
  const render = (n: number) => {
    if (n === rendered) return;
    rendered = n;
    const pct = total > 0 ? Math.min(1, n / total) : 1;
    const width = 30;
    const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
    const line = `${label} ${bar} ${(pct * 100).toFixed(0).padStart(3)}% ${n}/${total}`;
    if (tty) process.stderr.write(`\r${line}`);
    else process.stderr.write(`${line}\n`);
  };
  return {
    tick(n) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 2000) && n < total) return;
      last = now;
      render(n);
    },
    done() {
      render(total);
      if (tty) process.stderr.write('\n');
      process.stderr.write(`${label} 完成，用时 ${((Date.now() - start) / 1000).toFixed(1)} 秒\n`);
    },
  };
}
