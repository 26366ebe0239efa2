import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { STREAMED_TABLES, tableChunks } from './copy-lines.ts';
import { generateCity } from './generate.ts';
import type { GenerateOptions } from './generate-types.ts';
import { CANCELLED, type SeedWorkerData, type SeedWorkerMessage, TAKEN } from './seed-worker.ts';

/**
 * The seed worker's thread (started by seed-worker.ts): once its modules are loaded it says 'ready', waits
 * for the generator's options (known only when the main thread has read the database), generates the
 * same city as the main thread and
 * sends the COPY text of its people and positions, chunk by chunk, the buffers transferred rather than
 * copied. At most `ahead` chunks are in flight: the main thread counts the ones it has taken in the shared
 * TAKEN slot, and this thread waits on it (Atomics.wait) rather than run ahead through the province's 6M
 * people.
 */
const data = workerData as SeedWorkerData;
const port = parentPort!;
const control = new Int32Array(data.control);
const post = (message: SeedWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

post({ kind: 'ready' });
const [options] = (await once(port, 'message')) as [GenerateOptions];
const city = generateCity(data.profile, options);
let sent = 0;
run: for (const table of STREAMED_TABLES) {
  for (const chunk of tableChunks(city, table, data.chunkBytes)) {
    for (;;) {
      if (Atomics.load(control, CANCELLED) !== 0) break run;
      const taken = Atomics.load(control, TAKEN);
      if (sent - taken < data.ahead) break;
      Atomics.wait(control, TAKEN, taken);
    }
    post({ kind: 'chunk', table, bytes: chunk.bytes, rows: chunk.rows }, [chunk.bytes.buffer as ArrayBuffer]);
    sent++;
  }
  post({ kind: 'end', table });
}
