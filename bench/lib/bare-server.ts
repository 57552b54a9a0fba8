/**
 * The baseline: a bare Node https server (no framework) with the companion's certificate and TLS
 * floor, answering the same JSON as the companion's cached routes and echoing POST bodies. Spawned
 * with plain `node` (no tsx loader), so its cold start is Node's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readRss } from './proc.ts';

const SOURCE = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
const [cert, key] = process.argv.slice(1);
const json = (res, text) => { res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }); res.end(text); };
const server = createServer({ cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.2' }, (req, res) => {
  if (req.method === 'GET' && req.url === '/Ping') { json(res, '{"PingResult":[]}'); return; }
  if (req.method === 'GET' && req.url === '/GetIsEndpointActive') { json(res, '{"get_IsEndpointActiveResult":true}'); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => json(res, Buffer.concat(chunks).toString('utf8') || '{}'));
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

export interface BareServer {
  port: number;
  pid: number;
  /** ms from spawn() to the listening line on stdout. */
  coldStartMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startBareServer(cert: string, key: string): Promise<BareServer> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SOURCE, cert, key], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1] ?? NaN)));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${String(code)}`)));
  });
  const coldStartMs = performance.now() - t0;
  const pid = child.pid ?? -1;
  return {
    port,
    pid,
    coldStartMs,
    rssMb: () => readRss(pid),
    stop: async () => {
      if (child.exitCode !== null) {
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
