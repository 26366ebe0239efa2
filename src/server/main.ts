/** The server's entry point (`npm start`): configuration → serve. The CLI's `luoshi serve` calls serve() itself. */
import { ConfigError, loadConfig } from './config.ts';
import { isAppError } from './errors.ts';
import { serve } from './serve.ts';

process.env.TZ ??= 'Asia/Shanghai';

try {
  await serve(await loadConfig());
} catch (e) {
  if (e instanceof ConfigError || isAppError(e)) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
