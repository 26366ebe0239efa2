// `npm start` on a fresh clone: build the web app once if dist/web is missing.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/web/index.html', import.meta.url))) {
  console.log('构建网页端（首次启动）/ building the web app (first start)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
