import { main } from './run.ts';

/** Exits once stdout and stderr have flushed (pipes are asynchronous; process.exit would cut output). */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

exitAfterFlush(await main(process.argv.slice(2)));
