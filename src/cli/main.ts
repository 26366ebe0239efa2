import { AppError } from '../server/errors.ts';
import { ConfigError } from '../server/config.ts';
import { commands, printHelp } from './commands/index.ts';
import { CliError, EXIT } from './cli-kit.ts';

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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands[name];
  if (!command) {
    console.error(`未知命令：${name}\n`);
    printHelp();
    return EXIT.usage;
  }
  try {
    return (await command.run(rest)) ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      // --help is a CliError with exit code 0: its text goes to stdout.
      if (e.exitCode === EXIT.ok) console.log(e.message);
      else console.error(e.message);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      console.error(e.message);
      return EXIT.config;
    }
    if (e instanceof AppError) {
      console.error(`错误 [${e.code}]：${e.message}`);
      return e.code === 'DATA_DIR_LOCKED' ? EXIT.locked : EXIT.failed;
    }
    console.error(e);
    return EXIT.internal;
  }
}

exitAfterFlush(await main(process.argv.slice(2)));
