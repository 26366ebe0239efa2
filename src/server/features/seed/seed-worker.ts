import { Worker } from 'node:worker_threads';
import type { CopyChunk, StreamedTable } from './copy-lines.ts';
import type { GenerateOptions, SeedProfile } from './generate-types.ts';

/**
 * Generates the people and positions of a seed in a worker thread, so that generating and formatting the
 * rows overlaps the database's work: on PGlite the COPY runs on the main thread (it would otherwise wait
 * for the generator and the generator for it), on PostgreSQL the server parses while the next chunks are
 * made, and the main thread only passes buffers on. The worker builds the same city from the same options
 * (the generator is deterministic), so only COPY text crosses between the threads.
 */

export type SeedWorkerData = {
  profile: SeedProfile;
  chunkBytes: number;
  /** Chunks sent but not yet taken by the main thread, at most. */
  ahead: number;
  /** Int32 slots: TAKEN (chunks the main thread has taken), CANCELLED (1 = stop). */
  control: SharedArrayBuffer;
};

export type SeedWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'chunk'; table: StreamedTable; bytes: Uint8Array; rows: number }
  | { kind: 'end'; table: StreamedTable };

export const TAKEN = 0;
export const CANCELLED = 1;

export type SeedWorker = {
  /** Starts the generation (the worker loads its modules meanwhile). */
  generate(options: GenerateOptions): void;
  /** True once the worker runs; false when it could not start (the caller then generates on its own thread). */
  ready: Promise<boolean>;
  /** Why the worker failed, if it did. */
  failure(): Error | null;
  /** The table's chunks in order; tables are read in the order of STREAMED_TABLES. */
  chunks(table: StreamedTable): AsyncGenerator<CopyChunk>;
  /** Stops the worker (also midway, after a failed load). */
  close(): Promise<void>;
};

/**
 * The worker's code is TypeScript: it is imported through tsx's tsImport, which works whether or not the
 * main thread runs under `node --import tsx` (whose hooks a worker inherits), `node bin/luoshi.js` (tsx
 * registered on the main thread only) or `node --test`.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => tsx.tsImport(workerData.entry, workerData.parentURL)).catch((e) => {
  process.nextTick(() => { throw e; });
});
`;

/**
 * Starts the worker at once, so that it loads its modules (about half a second) while the main thread
 * hashes the password and reads the database; generate() then passes the options.
 */
export function startSeedWorker(
  profile: SeedProfile,
  { chunkBytes, ahead }: { chunkBytes: number; ahead: number },
): SeedWorker {
  const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const data: SeedWorkerData = { profile, chunkBytes, ahead, control: control.buffer as SharedArrayBuffer };
  let worker: Worker;
  try {
    worker = new Worker(BOOTSTRAP, {
      eval: true,
      // Whatever the main thread was started with (--test, --import tsx …) is not the worker's business.
      execArgv: [],
      workerData: {
        ...data,
        tsxApi: import.meta.resolve('tsx/esm/api'),
        entry: new URL('./seed-worker-thread.ts', import.meta.url).href,
        parentURL: import.meta.url,
      },
    });
  } catch (e) {
    return notStarted(e instanceof Error ? e : new Error(String(e)));
  }

  const queue: SeedWorkerMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  let started = false;
  let resolveReady!: (ok: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (resolveReady = resolve));
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  worker.on('message', (m: SeedWorkerMessage) => {
    if (m.kind === 'ready') {
      started = true;
      resolveReady(true);
      return;
    }
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure ??= e instanceof Error ? e : new Error(String(e));
    if (!started) resolveReady(false);
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) failure ??= new Error(`seed worker exited with code ${code}`);
    resolveReady(started);
    notify();
  });

  const next = async (): Promise<SeedWorkerMessage> => {
    for (;;) {
      const m = queue.shift();
      if (m) return m;
      if (failure) throw failure;
      if (exited) throw new Error('seed worker exited before it sent all rows');
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  return {
    generate(options) {
      worker.postMessage(options);
    },
    ready,
    failure: () => failure,
    async *chunks(table) {
      for (;;) {
        const m = await next();
        if (m.kind === 'ready') continue;
        if (m.table !== table) throw new Error(`seed worker: expected ${table}, got ${m.table}`);
        if (m.kind === 'end') return;
        Atomics.add(control, TAKEN, 1);
        Atomics.notify(control, TAKEN);
        yield { bytes: m.bytes, rows: m.rows };
      }
    },
    async close() {
      Atomics.store(control, CANCELLED, 1);
      Atomics.notify(control, TAKEN);
      if (!exited) await worker.terminate();
    },
  };
}

function notStarted(failure: Error): SeedWorker {
  return {
    generate() {},
    ready: Promise.resolve(false),
    failure: () => failure,
    // biome-ignore lint/correctness/useYield: a worker that failed to start yields nothing; iterating rejects
    async *chunks() {
      throw failure;
    },
    async close() {},
  };
}
