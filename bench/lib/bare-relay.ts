/**
 * The relayed round trip's baseline: the same path with nothing of the product on it. A bare Node
 * https server (no framework, the companion's certificate) hands each `POST /relay` body to a bare
 * Chromium page over a WebSocket (the `ws` package, as the companion uses) and answers with what the
 * page sends back; the page only echoes. What the product adds on top — Express and its guards, the
 * relay protocol and its validation, the PWA's command handling — is the ratio.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Browser } from '@playwright/test';
import { newBenchContext } from './instrument.ts';

const SOURCE = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
const [cert, key] = process.argv.slice(1);
let page;
let next = 0;
const waiting = new Map();
const server = createServer({ cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.2' }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const id = (next += 1);
    waiting.set(id, (body) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(body);
    });
    page.send(JSON.stringify({ id, body: Buffer.concat(chunks).toString('utf8') || '{}' }));
  });
});
new WebSocketServer({ server }).on('connection', (ws) => {
  page = ws;
  ws.on('message', (data) => {
    const { id, body } = JSON.parse(data.toString());
    waiting.get(id)?.(body);
    waiting.delete(id);
  });
  console.log('page linked');
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

export interface BareRelay {
  port: number;
  stop(): Promise<void>;
}

/** Starts the bare server and links a blank Chromium page to it (the page trusts the same CA as the PWA's). */
export async function startBareRelay(browser: Browser, cert: string, key: string): Promise<BareRelay> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SOURCE, cert, key], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bare relay exited with ${String(code)}`)));
    });
  const port = Number(/listening (\d+)/.exec(await nextLine())?.[1] ?? NaN);
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  const linked = nextLine();
  await page.evaluate((url) => {
    const socket = new WebSocket(url);
    socket.onmessage = (event) => socket.send(event.data as string);
  }, `wss://127.0.0.1:${port}/`);
  await linked;
  return {
    port,
    stop: async () => {
      await context.close();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
