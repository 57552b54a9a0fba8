/** New text in the gateway's daemon logs since the last look, for the limits they name (plan.ts limitsHit). */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LOGS = ['nginx-error.log', 'nginx.log', 'kamailio.log', 'rtpengine.log'];

export class LogWatch {
  readonly #offsets = new Map<string, number>();

  constructor(private readonly gatewayRunDir: string) {
    this.take();
  }

  /** Everything appended to the logs since the previous call (at most 4 MB per log). */
  take(): string {
    return LOGS.map((name) => this.#tail(join(this.gatewayRunDir, 'log', name))).join('\n');
  }

  #tail(file: string): string {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return '';
    }
    const from = this.#offsets.get(file) ?? 0;
    this.#offsets.set(file, size);
    const length = Math.min(size - from, 4 * 1024 * 1024);
    if (length <= 0) {
      return '';
    }
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  }
}
