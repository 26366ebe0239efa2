import { AppError } from '../server/errors.ts';
import { CliError, EXIT } from './cli-kit.ts';
import { commands, printHelp } from './commands/index.ts';

/** Runs one `luoshi` command line and returns its exit code (the binary exits with it; tests call it in-process). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name ? EXIT.ok : EXIT.usage;
  }
  const entry = commands[name];
  if (!entry) {
    console.error(`未知命令：${name}\n`);
    printHelp();
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    return (await command.run(rest)) ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      // --help is a CliError with exit code 0: its text goes to stdout.
      if (e.exitCode === EXIT.ok) console.log(e.message);
      else console.error(e.message);
      return e.exitCode;
    }
    // Loaded here, not at the top: the configuration's schema (zod, the password dictionaries) would double the
    // time of `luoshi --help`; a command that failed on its configuration has loaded it already.
    const { ConfigError } = await import('../server/config.ts');
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
