import { AppError } from '../server/errors.ts';
import { ConfigError } from '../server/config.ts';
import { commands, printHelp } from './commands/index.ts';
import { CliError, EXIT } from './cli-kit.ts';

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  printHelp();
  process.exit(name ? EXIT.ok : EXIT.usage);
}
const command = commands[name];
if (!command) {
  console.error(`未知命令：${name}\n`);
  printHelp();
  process.exit(EXIT.usage);
}
try {
  const code = await command.run(rest);
  process.exit(code ?? EXIT.ok);
} catch (e) {
  if (e instanceof CliError) {
    console.error(e.message);
    process.exit(e.exitCode);
  }
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(EXIT.config);
  }
  if (e instanceof AppError) {
    console.error(`错误 [${e.code}]：${e.message}`);
    process.exit(e.code === 'DATA_DIR_LOCKED' ? EXIT.locked : EXIT.failed);
  }
  console.error(e);
  process.exit(EXIT.internal);
}
