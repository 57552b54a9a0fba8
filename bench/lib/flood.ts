/**
 * A hostile local client in its own process (so it shares the machine's CPU with the companion, as a
 * page or program on the agent's PC would): a dozen keep-alive connections sending, as fast as they
 * are answered, requests with a foreign Origin and without Origin — status reads, state changes and
 * unknown paths. Prints one JSON line with what it sent and what it got back.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const SOURCE = `
import { Agent, request } from 'node:https';
const [port, seconds, connections] = process.argv.slice(1).map(Number);
const ca = process.env.WGB_FLOOD_CA;
const agent = new Agent({ keepAlive: true, maxSockets: connections, ca });
const evil = 'https://evil.example';
const register = '{"addresses":["203.0.113.9:5060"],"users":["6666"]}';
const json = { 'Content-Type': 'application/json' };
const kinds = [
  ['GET', '/Ping', { Origin: evil }],
  ['POST', '/RegisterDn/', { Origin: evil, ...json }, register],
  ['GET', '/GetIsEndpointActive', {}],
  ['POST', '/RegisterDn/', json, register],
  ['GET', '/GetDnSIP', { Origin: 'null' }],
  ['POST', '/UnregisterDn/', { Origin: evil, ...json }, '{}'],
  ['GET', '/no-such-service', {}],
];
const statuses = {};
let sent = 0;
let errors = 0;
const one = ([method, path, headers, body]) => new Promise((resolve) => {
  const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    res.resume();
    res.on('end', resolve);
  });
  req.on('error', () => { errors += 1; resolve(); });
  req.end(body);
});
const start = performance.now();
const end = start + seconds * 1000;
const worker = async (i) => {
  for (let k = i; performance.now() < end; k += connections) {
    sent += 1;
    await one(kinds[k % kinds.length]);
  }
};
await Promise.all(Array.from({ length: connections }, (_, i) => worker(i)));
console.log(JSON.stringify({ sent, errors, seconds: (performance.now() - start) / 1000, statuses }));
`;

export interface FloodReport {
  sent: number;
  errors: number;
  seconds: number;
  statuses: Record<string, number>;
}

/** Starts the flood; resolves with its report when it has run for `seconds`. */
export function flood(port: number, ca: Buffer, seconds: number, connections = 12): Promise<FloodReport> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', SOURCE, String(port), String(seconds), String(connections)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WGB_FLOOD_CA: ca.toString() } },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as FloodReport));
    child.once('exit', (code) => reject(new Error(`the flood client exited with ${String(code)} before reporting`)));
  });
}
