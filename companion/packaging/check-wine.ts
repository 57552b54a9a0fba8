/**
 * Under wine 8 (Node 22 exe): the packaged exe's --help, then the MSI: silent install with a Group
 * Policy set beforehand, the installed companion answering over TLS with a chain to the CA in
 * LocalMachine\Root, the AutoStart policy, a Windows TLS client (wine node.exe --use-system-ca)
 * trusting it, a major upgrade while it runs, and an uninstall that leaves no file, registry value or
 * certificate. wine's certutil and icacls are stubs: trust goes through the registry store entry
 * (machine-certs.ts), ACLs are only unit-tested.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { assertThat, type Checklist } from './checklist.ts';
import { rootEntries, ROOT_CERTIFICATES_KEY, type RootEntry } from './root-store.ts';
import { assertUsageNamesExe } from './usage-line.ts';
import { EXE_NAME, PRODUCT_NAME, RUN_VALUE_NAME, SHORTCUT_NAME } from './versions.ts';
import { WinePrefix } from './wine.ts';
import { SMOKE_WWE_ORIGIN, httpsRequest, waitFor, wweLoginSequence } from './wwe-smoke.ts';
import { MACHINE_KEY, POLICY_KEY, type RegistryValue } from '../src/registry-policy.ts';

const PORT = 8000;
const INSTALL_DIR = 'C:\\Program Files\\WebRTC Gateway Bridge';
const MACHINE_DATA = 'C:\\ProgramData\\WebRTC Gateway Bridge';
const RUN_KEY = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
const UNINSTALL_KEY = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
/** The gateway origin in policy/companion-policy-example.reg (GatewayUrl → pwaOrigins). */
const EXAMPLE_PWA_ORIGIN = 'https://webrtc.example.com';
/** Public properties given to the first install; the upgrade gives none and must keep them. */
const GATEWAY_URL_PROPERTY = 'https://webrtc.example.com/wwe-webrtc-gateway/';
const INSTALL_PROPERTIES = [
  `GATEWAYURL=${GATEWAY_URL_PROPERTY}`,
  `WWEORIGINS=${SMOKE_WWE_ORIGIN},https://wwe2.example.com`,
];
/**
 * The Start-menu shortcut: Windows puts ProgramMenuFolder of a per-machine install in the all-users
 * Start menu; wine 8's msi resolves it to the installing user's. Either is the shortcut.
 */
const startMenuShortcuts = (user: string): string[] =>
  [`C:\\ProgramData`, `C:\\users\\${user}\\AppData\\Roaming`].map(
    (base) => `${base}\\Microsoft\\Windows\\Start Menu\\Programs\\${SHORTCUT_NAME}.lnk`,
  );
const OUR_CA = 'WebRTC Gateway Bridge Local CA';

export interface WineInputs {
  /** The packaged exe as built (not installed). */
  exe: string;
  msi: string;
  upgradeMsi: string;
  upgradeVersion: string;
  nodeExe: string;
  workDir: string;
}

const portIsClosed = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(PORT, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

const text = (v: RegistryValue | undefined): string | undefined =>
  v && v.type !== 'REG_MULTI_SZ' ? String(v.value) : undefined;

/** The machine values the public properties wrote (and an upgrade without properties kept). */
function assertMachineProperties(machine: Map<string, RegistryValue> | undefined): void {
  assertThat(
    text(machine?.get('gatewayurl')) === GATEWAY_URL_PROPERTY,
    `GatewayUrl ${text(machine?.get('gatewayurl'))}`,
  );
  assertThat(
    text(machine?.get('wweorigins')) === INSTALL_PROPERTIES[1]?.slice('WWEORIGINS='.length),
    `WweOrigins ${text(machine?.get('wweorigins'))}`,
  );
}

export async function checkUnderWine(list: Checklist, input: WineInputs): Promise<void> {
  const group = 'wine';
  const wine = new WinePrefix(join(input.workDir, 'wineprefix'));
  // wine names the Windows user after the Unix one.
  const userData = (): string => wine.path(`C:\\users\\${userInfo().username}\\AppData\\Local\\WebRTC Gateway Bridge`);
  const ours = async (): Promise<RootEntry[]> => {
    const raw = (await wine.wine(['reg', 'query', ROOT_CERTIFICATES_KEY, '/s', '/reg:64'])).stdout;
    return rootEntries(raw).filter((e) => e.subject.includes(OUR_CA));
  };
  const startCompanion = async (name: string): Promise<string> => {
    // As the Run value does: the supervisor, which starts the companion as its child.
    wine.start(
      [join(wine.path(INSTALL_DIR), EXE_NAME), '--autostart', '--supervise'],
      join(input.workDir, `${name}.out`),
    );
    const [trusted] = await ours();
    assertThat(trusted !== undefined, 'no WebRTC Gateway Bridge CA in LocalMachine\\Root');
    await waitFor('installed companion answering on 127.0.0.1:8000', 30_000, async () => {
      const res = await httpsRequest(`https://127.0.0.1:${PORT}/GetIsEndpointActive`, trusted.pem);
      return res.status === 200 ? res : undefined;
    });
    return trusted.pem;
  };
  const seenThumbprints = new Set<string>();
  try {
    await list.step(group, 'fresh prefix (wineboot, Windows 10)', async () => {
      assertThat(await portIsClosed(), `port ${PORT} is already in use: stop the other companion first`);
      await wine.create();
    });
    // Its own group, like the Linux exe's: wrong help text must not stop the MSI checks.
    await list.step('wine exe help', 'the packaged exe --help names the executable, not the source file', async () => {
      const help = await wine.wine([input.exe, '--help'], 60_000, join(input.workDir, 'exe-help.out'));
      assertThat(help.code === 0, `exit ${help.code}: ${help.stdout}`);
      return assertUsageNamesExe(help.stdout, EXE_NAME);
    });
    await list.step(
      group,
      'Group Policy set before install: regedit /s policy/companion-policy-example.reg',
      async () => {
        const example = join(import.meta.dirname, 'policy', 'companion-policy-example.reg');
        const imported = await wine.wine(['regedit', '/s', `Z:${example.replaceAll('/', '\\')}`]);
        assertThat(imported.code === 0, `regedit exit ${imported.code}`);
        await wine.regAdd(POLICY_KEY, 'LogLevel', 'REG_SZ', 'debug');
        const policy = await wine.regQuery(POLICY_KEY);
        const wwe = policy?.get('wweorigins');
        assertThat(
          wwe?.type === 'REG_SZ' && wwe.value.split(',')[0] === SMOKE_WWE_ORIGIN,
          `WweOrigins ${JSON.stringify(wwe)}`,
        );
        assertThat(text(policy?.get('gatewayurl')) === `${EXAMPLE_PWA_ORIGIN}/`, 'GatewayUrl not imported');
      },
    );
    await list.step(
      group,
      'msiexec /i GATEWAYURL=… WWEORIGINS=… /qn → exit 0; files, Run key, shortcut, machine config',
      async () => {
        const { code, log } = await wine.msiexec('/i', input.msi, 'install.log', INSTALL_PROPERTIES);
        assertThat(code === 0, `msiexec exit ${code}\n${log.split('\n').slice(-20).join('\n')}`);
        assertThat(existsSync(join(wine.path(INSTALL_DIR), EXE_NAME)), 'exe not in Program Files');
        const run = await wine.regQuery(RUN_KEY);
        assertThat(
          text(run?.get(RUN_VALUE_NAME.toLowerCase()))?.endsWith(`${EXE_NAME}" --autostart --supervise`) === true,
          'Run value',
        );
        const shortcuts = startMenuShortcuts(userInfo().username);
        assertThat(
          shortcuts.some((lnk) => existsSync(wine.path(lnk))),
          `no Start-menu shortcut in ${shortcuts.join(' or ')}`,
        );
        const machine = await wine.regQuery(MACHINE_KEY);
        assertMachineProperties(machine);
        assertThat(text(machine?.get('certsdir')) === `${MACHINE_DATA}\\certs`, 'CertsDir value');
        assertThat(machine?.get('logfile')?.type === 'REG_EXPAND_SZ', 'LogFile is not REG_EXPAND_SZ');
      },
    );
    await list.step(group, 'install step made the CA + leaf in ProgramData and trusted the CA', async () => {
      const certs = wine.path(`${MACHINE_DATA}\\certs`);
      for (const f of ['ca.pem', 'ca.key', 'companion.pem', 'companion.key', 'managed-by-installer.json']) {
        assertThat(existsSync(join(certs, f)), `${f} missing in ${certs}`);
      }
      const caPem = readFileSync(join(certs, 'ca.pem'), 'utf8');
      const entries = await ours();
      assertThat(entries.length === 1, `${entries.length} of our CAs in Root, want 1`);
      const [entry] = entries;
      assertThat(
        entry !== undefined &&
          new X509Certificate(entry.pem).fingerprint256 === new X509Certificate(caPem).fingerprint256,
        'Root holds another CA than ca.pem',
      );
      const recorded = text((await wine.regQuery(MACHINE_KEY))?.get('installedcathumbprint'));
      assertThat(recorded === entry.thumbprint, `InstalledCaThumbprint ${recorded}, Root entry ${entry.thumbprint}`);
      seenThumbprints.add(entry.thumbprint);
      return `CA ${entry.thumbprint}`;
    });
    await list.step(group, 'install step restricted companion.key and the Root entry', () => {
      // icacls and certutil are stubs under wine: this proves the MSI's command reached the exe and what it did.
      const log = readFileSync(wine.path(`${MACHINE_DATA}\\install-certs.log`), 'utf8');
      const readers = /companion\.key readable by (.*)/.exec(log)?.[1];
      assertThat(readers !== undefined, 'install-certs.log does not say who may read companion.key');
      assertThat(/trusted CA [0-9A-F]{40} in LocalMachine\\Root/.test(log), 'install-certs.log: no trust line');
      return Promise.resolve(`companion.key readable by ${readers}`);
    });
    await list.step(group, 'AutoStart=0 policy makes a Run-key start a no-op', async () => {
      await wine.regAdd(POLICY_KEY, 'AutoStart', 'REG_DWORD', '0');
      const res = await wine.wine(
        [join(wine.path(INSTALL_DIR), EXE_NAME), '--autostart'],
        30_000,
        join(input.workDir, 'autostart-off.out'),
      );
      assertThat(res.code === 0, `exit ${res.code}`);
      assertThat(await portIsClosed(), 'the companion started although AutoStart=0');
      await wine.wine(['reg', 'delete', POLICY_KEY, '/v', 'AutoStart', '/f', '/reg:64']);
    });
    let caPem = '';
    await list.step(group, 'Run-key start answers GET /GetIsEndpointActive, chain to the installed CA', async () => {
      caPem = await startCompanion('companion-v1');
      const viaLocalhost = await httpsRequest(`https://localhost:${PORT}/GetIsEndpointActive`, caPem, {
        host: 'localhost',
      });
      assertThat(viaLocalhost.body === '{"get_IsEndpointActiveResult":false}', `localhost: ${viaLocalhost.body}`);
    });
    await list.step(group, 'policy and machine values applied (log file from LogFile, both keys in sources)', () => {
      const log = readFileSync(join(userData(), 'companion.log'), 'utf8');
      const listening = log.split('\n').find((l) => l.includes('"companion listening"')) ?? '';
      assertThat(listening.includes(SMOKE_WWE_ORIGIN), `wweOrigins not from policy: ${listening}`);
      assertThat(
        listening.includes(`"pwaOrigins":["${EXAMPLE_PWA_ORIGIN}"]`),
        `pwaOrigins not from GatewayUrl: ${listening}`,
      );
      assertThat(
        listening.includes('Policies') && listening.includes('SOFTWARE\\\\WebRTC Gateway Bridge'),
        `sources: ${listening}`,
      );
      assertThat(log.includes('"level":"debug"'), 'LogLevel=debug not applied');
    });
    await list.step(group, 'the supervisor starts a killed companion again', async () => {
      const logFile = join(userData(), 'companion.log');
      const listeningPids = (): number[] =>
        readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"companion listening"'))
          .map((l) => Number(/"pid":(\d+)/.exec(l)?.[1]));
      const [pid] = listeningPids().slice(-1);
      assertThat(pid !== undefined && pid > 0, 'no pid in the "companion listening" line');
      // Killed from another Windows process with TerminateProcess and exit code 1 (Node's process.kill).
      // Not with wine's taskkill: under wine it leaves exit code 0, which the supervisor rightly reads as
      // a companion that chose to stop (observed).
      const killed = await wine.wine(
        [input.nodeExe, '-e', `process.kill(${pid})`],
        60_000,
        join(input.workDir, 'kill-companion.out'),
      );
      assertThat(killed.code === 0, `killing ${pid} exit ${killed.code}`);
      await waitFor('a new companion listening', 30_000, async () => {
        const pids = listeningPids();
        const res = await httpsRequest(`https://127.0.0.1:${PORT}/GetIsEndpointActive`, caPem).catch(() => undefined);
        return pids.length > 1 && pids.at(-1) !== pid && res?.status === 200 ? true : undefined;
      });
      const log = readFileSync(logFile, 'utf8');
      assertThat(log.includes('"restarted by the supervisor"'), 'no "restarted by the supervisor" line');
      return `companion ${pid} killed, ${listeningPids().at(-1)} answering`;
    });
    await list.step(group, 'WWE login sequence against the Windows exe', async () => {
      const secret = readFileSync(join(userData(), 'pairing-secret'), 'utf8').trim();
      await wweLoginSequence(PORT, caPem, secret, EXAMPLE_PWA_ORIGIN);
    });
    await list.step(
      group,
      'a Windows TLS client (node.exe --use-system-ca) trusts https://localhost:8000',
      async () => {
        const out = join(input.workDir, 'system-ca-client.txt');
        const script = `require('https').get('https://localhost:${PORT}/GetIsEndpointActive',r=>require('fs').writeFileSync(process.argv[1],'TRUSTED '+r.statusCode)).on('error',e=>require('fs').writeFileSync(process.argv[1],'ERROR '+e.code))`;
        await wine.wine(
          [input.nodeExe, '--use-system-ca', '-e', script, `Z:${out.replaceAll('/', '\\')}`],
          60_000,
          `${out}.stdout`,
        );
        const result = existsSync(out) ? readFileSync(out, 'utf8') : '(no output)';
        assertThat(result === 'TRUSTED 200', result);
        return result;
      },
    );
    await list.step(
      group,
      `major upgrade to ${input.upgradeVersion} while running, no properties → exit 0, old instance stopped, properties kept`,
      async () => {
        const { code, log } = await wine.msiexec('/i', input.upgradeMsi, 'upgrade.log');
        assertThat(
          code === 0,
          `msiexec exit ${code} (3010 = files staged for reboot)\n${log.split('\n').slice(-20).join('\n')}`,
        );
        await waitFor('old companion stopped', 10_000, async () => ((await portIsClosed()) ? true : undefined));
        const arp = (await wine.wine(['reg', 'query', UNINSTALL_KEY, '/s', '/reg:64'])).stdout;
        const ourVersions = arp
          .split(/\n(?=HKEY_)/)
          .filter((b) => b.includes(PRODUCT_NAME))
          .map((b) => /DisplayVersion\s+REG_SZ\s+(\S+)/.exec(b)?.[1]);
        assertThat(
          ourVersions.length === 1 && ourVersions[0] === input.upgradeVersion,
          `installed versions ${JSON.stringify(ourVersions)}`,
        );
        assertMachineProperties(await wine.regQuery(MACHINE_KEY));
        const entries = await ours();
        assertThat(entries.length === 1, `${entries.length} of our CAs in Root after the upgrade, want 1`);
        entries.forEach((e) => seenThumbprints.add(e.thumbprint));
      },
    );
    await list.step(group, 'upgraded companion starts and answers with a chain to the installed CA', async () => {
      caPem = await startCompanion('companion-v2');
    });
    await list.step(group, 'msiexec /x /qn while running → exit 0, nothing left behind', async () => {
      const { code, log } = await wine.msiexec('/x', input.upgradeMsi, 'uninstall.log');
      assertThat(code === 0, `msiexec exit ${code}\n${log.split('\n').slice(-20).join('\n')}`);
      await waitFor('companion stopped', 10_000, async () => ((await portIsClosed()) ? true : undefined));
      const left: string[] = [];
      for (const dir of [wine.path(INSTALL_DIR), wine.path(MACHINE_DATA), userData()]) {
        if (existsSync(dir)) {
          left.push(dir);
        }
      }
      if ((await wine.regQuery(MACHINE_KEY)) !== undefined) {
        left.push(MACHINE_KEY);
      }
      left.push(...startMenuShortcuts(userInfo().username).filter((lnk) => existsSync(wine.path(lnk))));
      if ((await wine.regQuery(RUN_KEY))?.has(RUN_VALUE_NAME.toLowerCase())) {
        left.push(`${RUN_KEY}\\${RUN_VALUE_NAME}`);
      }
      const remaining = await ours();
      remaining.forEach((e) => left.push(`Root certificate ${e.thumbprint}`));
      for (const thumbprint of seenThumbprints) {
        if ((await wine.regQuery(`${ROOT_CERTIFICATES_KEY}\\${thumbprint}`)) !== undefined) {
          left.push(`Root certificate ${thumbprint}`);
        }
      }
      const arp = (await wine.wine(['reg', 'query', UNINSTALL_KEY, '/s', '/reg:64'])).stdout;
      if (arp.includes(PRODUCT_NAME)) {
        left.push('Add/Remove Programs entry');
      }
      assertThat(left.length === 0, `left behind:\n${left.join('\n')}`);
    });
  } finally {
    await wine.wine(['reg', 'delete', POLICY_KEY, '/f', '/reg:64']).catch(() => undefined);
    await wine.kill();
  }
}
