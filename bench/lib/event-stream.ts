/**
 * The companion's extension API event stream (`GET /events`, Server-Sent Events) read as it arrives:
 * each event is stamped with this process's epoch time on receipt, so a figure can end at the moment the
 * companion learned something (it pushes the event while handling the PWA's snapshot) instead of at the
 * next answer of a status poll.
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { epochNow } from './stats.ts';
import { Waiters } from './waiters.ts';

export interface StreamEvent {
  name: string;
  data: unknown;
  /** Receipt, epoch ms (epochNow()). */
  at: number;
}

/** Splits an SSE body into events; returns the unfinished tail. */
export function parseEventBlocks(buffer: string, onEvent: (name: string, data: string) => void): string {
  const blocks = buffer.split('\n\n');
  const tail = blocks.pop() ?? '';
  for (const block of blocks) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) {
        name = line.slice('event: '.length);
      } else if (line.startsWith('data: ')) {
        data.push(line.slice('data: '.length));
      }
    }
    if (data.length > 0) {
      onEvent(name, data.join('\n'));
    }
  }
  return tail;
}

export class EventStream {
  readonly #waiters = new Waiters<StreamEvent>();

  private constructor(
    private readonly agent: Agent,
    private readonly response: IncomingMessage,
  ) {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const at = epochNow();
      buffer = parseEventBlocks(buffer + chunk, (name, data) =>
        this.#waiters.offer({ name, data: JSON.parse(data), at }),
      );
    });
  }

  static open(base: { port: number; ca: Buffer; token: string }): Promise<EventStream> {
    const agent = new Agent({ ca: base.ca });
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: base.port, path: '/events', agent, headers: { 'X-WGB-Token': base.token } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`GET /events answered ${res.statusCode ?? 0}`));
            res.resume();
            return;
          }
          resolve(new EventStream(agent, res));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** The next event (received after this call) that `accept` takes; rejects after `timeoutMs`. */
  next(accept: (event: StreamEvent) => boolean, timeoutMs: number): Promise<StreamEvent> {
    return this.#waiters.wait(
      accept,
      timeoutMs,
      () => new Error(`bench: no matching companion event within ${timeoutMs} ms`),
    );
  }

  close(): void {
    this.response.destroy();
    this.agent.destroy();
  }
}
