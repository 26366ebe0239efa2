import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * LibreOffice headless as a converter of documents (.docx → .pdf, …): found where Debian and the tarballs put it, run
 * in a directory and user profile of its own, within a time limit, one conversion at a time in this process (each
 * soffice takes a core and a few hundred MB, and a burst of requests should queue rather than start ten of them).
 */

const SOFFICE_PATHS = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

/** Where LibreOffice's soffice is, or null. */
export async function findSoffice(): Promise<string | null> {
  for (const p of SOFFICE_PATHS) {
    try {
      await fs.access(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

/**
 * LibreOffice runs its graphics self-tests (seconds of CPU) at every start whose profile has not recorded the
 * installed version, and a headless run never records it; a profile that starts out recording it skips them
 * (measured: 14 s → 2.5 s for one conversion on two busy cores).
 */
async function profileSeed(soffice: string): Promise<string | null> {
  const program = path.dirname(await fs.realpath(soffice));
  const main = await fs.readFile(path.join(program, '..', 'share', 'registry', 'main.xcd'), 'utf8').catch(() => '');
  const version = /oor:name="ooSetupVersion">\s*<value>([\d.]+)<\/value>/.exec(main)?.[1];
  if (!version) return null;
  return `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>${version}</value></prop></item>
</oor:items>
`;
}

export type SofficeConversion = {
  /**
   * The LibreOffice module the conversion needs: Debian splits them into packages (libreoffice-writer-nogui,
   * libreoffice-calc-nogui), and soffice without the module fails with no output; missing, it reads as 'missing'.
   */
  module: 'writer' | 'calc';
  /** The input's file name in the working directory; its extension tells LibreOffice the format. */
  inputName: string;
  /** soffice's --convert-to argument, e.g. 'pdf' or 'pdf:writer_pdf_Export'. */
  convertTo: string;
  /** The output's extension, e.g. 'pdf'. */
  outputExt: string;
  timeoutMs: number;
  /** Files written beside the input before soffice starts (e.g. a fonts.conf), by name. */
  files?: Readonly<Record<string, string>>;
  /** Extra environment; a value may name the working directory as {dir} (e.g. FONTCONFIG_FILE={dir}/fonts.conf). */
  env?: Readonly<Record<string, string>>;
};

export type SofficeResult =
  | { ok: true; output: Buffer; ms: number }
  | { ok: false; reason: 'missing' | 'failed'; detail?: string };

/** A library of each module in LibreOffice's program directory. */
const MODULE_LIBRARY = { writer: 'libswlo.so', calc: 'libsclo.so' } as const;

async function hasModule(soffice: string, module: SofficeConversion['module']): Promise<boolean> {
  const program = path.dirname(await fs.realpath(soffice));
  return fs.access(path.join(program, MODULE_LIBRARY[module])).then(
    () => true,
    () => false,
  );
}

let queue: Promise<unknown> = Promise.resolve();

/** Converts one file with soffice; conversions wait for the one before them. */
export function convertWithSoffice(input: Buffer, conv: SofficeConversion): Promise<SofficeResult> {
  const run = queue.then(() => convertNow(input, conv));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Runs soffice in a process group of its own and waits for it; past the time limit the whole group is killed (soffice
 * is a wrapper that starts soffice.bin: killing the wrapper alone would leave the converter running). Null when it
 * exited 0, else what went wrong.
 */
function runSoffice(
  soffice: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(soffice, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(e.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve(`soffice took longer than ${timeoutMs} ms and was stopped`);
      else if (code === 0) resolve(null);
      else resolve(`soffice exited with ${code ?? signal}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    });
  });
}

async function convertNow(input: Buffer, conv: SofficeConversion): Promise<SofficeResult> {
  const soffice = await findSoffice();
  if (!soffice || !(await hasModule(soffice, conv.module))) return { ok: false, reason: 'missing' };
  const t0 = performance.now();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-soffice-'));
  try {
    const inputPath = path.join(dir, conv.inputName);
    await fs.writeFile(inputPath, input);
    for (const [name, text] of Object.entries(conv.files ?? {})) await fs.writeFile(path.join(dir, name), text);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(conv.env ?? {})) env[k] = v.replaceAll('{dir}', dir);
    const profileDir = path.join(dir, `profile-${randomUUID()}`);
    const seed = await profileSeed(soffice);
    if (seed) {
      await fs.mkdir(path.join(profileDir, 'user'), { recursive: true });
      await fs.writeFile(path.join(profileDir, 'user', 'registrymodifications.xcu'), seed);
    }
    const profile = `file://${profileDir}`;
    const args = [
      '--headless',
      '--norestore',
      '--nolockcheck',
      `-env:UserInstallation=${profile}`,
      '--convert-to',
      conv.convertTo,
      '--outdir',
      dir,
      inputPath,
    ];
    const failure = await runSoffice(soffice, args, env, conv.timeoutMs);
    const outputPath = path.join(dir, `${path.parse(conv.inputName).name}.${conv.outputExt}`);
    const output = await fs.readFile(outputPath).catch(() => null);
    if (failure !== null || !output || output.length === 0) {
      return { ok: false, reason: 'failed', detail: failure ?? 'soffice wrote no output' };
    }
    return { ok: true, output, ms: Math.round(performance.now() - t0) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
