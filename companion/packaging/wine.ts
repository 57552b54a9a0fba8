/**
 * A throwaway wine prefix for the MSI smoke test (docs/admin-guide.md, "What CI checks"): created fresh, set to report
 * Windows 10 (Node 22 refuses Windows 7), every call bounded by a timeout, stdout of Windows programs
 * sent to files (a pipe makes Node throw EBADF), and `wineserver -k` at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from './exec.ts';
import { parseRegQuery, type RegistryValue } from '../src/registry-policy.ts';

export class WinePrefix {
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly dir: string) {
    this.env = {
      ...process.env,
      WINEPREFIX: dir,
      WINEDEBUG: '-all',
      WINEDLLOVERRIDES: 'mscoree,mshtml=,winedbg.exe=',
      DISPLAY: '',
    };
  }

  /** `C:\…` inside the prefix → the Linux path. */
  path(windowsPath: string): string {
    const rest = windowsPath
      .replace(/^[Cc]:\\/, '')
      .split('\\')
      .filter(Boolean);
    return join(this.dir, 'drive_c', ...rest);
  }

  async create(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    await this.wine(['wineboot', '--init'], 180_000);
    await this.wine(['winecfg', '-v', 'win10'], 60_000);
  }

  wine(args: string[], timeoutMs = 60_000, outputFile?: string): Promise<RunResult> {
    return run('wine', args, { env: this.env, timeoutMs, outputFile });
  }

  /**
   * msiexec with a verbose log and public properties (`NAME=value`); resolves with msiexec's exit code
   * (0, or 3010 = reboot needed).
   */
  async msiexec(
    mode: '/i' | '/x',
    msiLinuxPath: string,
    logName: string,
    properties: readonly string[] = [],
  ): Promise<{ code: number; log: string }> {
    const log = join(this.dir, logName);
    const result = await this.wine(
      [
        'msiexec',
        mode,
        `Z:${msiLinuxPath.replaceAll('/', '\\')}`,
        ...properties,
        '/qn',
        '/l*v',
        `Z:${log.replaceAll('/', '\\')}`,
      ],
      300_000,
      `${log}.out`,
    );
    let text = '(no msiexec log)';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // keep the placeholder
    }
    return { code: result.code, log: text };
  }

  /** Values of one key (64-bit view); undefined when the key does not exist. */
  async regQuery(key: string): Promise<Map<string, RegistryValue> | undefined> {
    const result = await this.wine(['reg', 'query', key, '/reg:64']);
    return result.code === 0 ? parseRegQuery(result.stdout) : undefined;
  }

  /** Raw `reg query` output (for binary values, which parseRegQuery keeps as text). */
  async regQueryRaw(key: string): Promise<string | undefined> {
    const result = await this.wine(['reg', 'query', key, '/reg:64']);
    return result.code === 0 ? result.stdout : undefined;
  }

  async regAdd(key: string, name: string, type: string, data: string): Promise<void> {
    const result = await this.wine(['reg', 'add', key, '/v', name, '/t', type, '/d', data, '/f', '/reg:64']);
    if (result.code !== 0) {
      throw new Error(`reg add ${key} ${name} failed: ${result.stdout}${result.stderr}`);
    }
  }

  /**
   * Starts a Windows program in the background with stdout/stderr in `outFile` (never a pipe). The
   * returned process is wine's launcher; end everything with `kill()`.
   */
  start(args: string[], outFile: string): ChildProcess {
    const fd = openSync(outFile, 'a');
    try {
      const child = spawn('wine', args, { env: this.env, stdio: ['ignore', fd, fd] });
      child.on('error', () => undefined);
      return child;
    } finally {
      closeSync(fd);
    }
  }

  /** Ends every process of this prefix (the companion included) and the wineserver. */
  async kill(): Promise<void> {
    await run('wineserver', ['-k'], { env: this.env, timeoutMs: 30_000 }).catch(() => undefined);
  }
}
