#!/usr/bin/env node
// The luoshi command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Asia/Shanghai';
register();
await import('../src/cli/main.ts');
