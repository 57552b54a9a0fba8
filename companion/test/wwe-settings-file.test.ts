/**
 * WWE's settings kept for its session in the data folder: a companion restarted mid-shift (a new
 * session over the same folder) comes back with them; logout deletes them; a damaged file is ignored.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../protocol/src/clock.ts';
import { createLogger, memorySink } from '../src/log.ts';
import { WWE_SETTINGS_FILE, fileSettingsStore } from '../src/wwe/settings-file.ts';
import { WweSession } from '../src/wwe/session.ts';

const root = mkdtempSync(join(tmpdir(), 'wgb-wwe-settings-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe("WWE's settings kept in the data folder", () => {
  let dataDir: string;
  let sink: ReturnType<typeof memorySink>;
  let runs = 0;
  beforeEach(() => {
    dataDir = join(root, `run-${++runs}`);
    sink = memorySink();
  });
  /** One companion run over the data folder. */
  const companionRun = (): WweSession => {
    const log = createLogger({ sinks: [sink], level: 'debug' });
    return new WweSession({
      clock: new FakeClock(),
      log,
      defaultPingPeriodMs: 2_000,
      defaultMaxFailedPing: 10,
      store: fileSettingsStore(dataDir, log),
    });
  };
  const file = (): string => join(dataDir, WWE_SETTINGS_FILE);

  it('a restarted companion comes back with the options WWE sent at login, from "wwe"', () => {
    const first = companionRun();
    first.setOptions({ 'policy.session.auto_answer': '1', 'policy.session.auto_answer_delay': 1500 });
    first.setEndpointParameters([{ Key: 'preferred_language', Value: 'fr' }]);
    assert.equal(statSync(file()).mode & 0o777, 0o600, 'owner-only');

    const restarted = companionRun();
    const { settings, sources } = restarted.applied;
    assert.deepEqual(
      [settings.session.autoAnswer, settings.session.autoAnswerDelayMs, settings.preferredLanguage],
      [true, 1500, 'fr'],
    );
    assert.equal(sources['session.autoAnswer'], 'wwe');
    assert.equal(restarted.settingsTree['policy.session.auto_answer'], '1', 'values as WWE sent them');
  });

  it('logout deletes the file: the next run starts from the defaults', () => {
    const first = companionRun();
    first.setOptions({ 'policy.session.auto_answer': '1' });
    assert.equal(existsSync(file()), true);
    first.close();
    assert.equal(existsSync(file()), false);
    const next = companionRun();
    assert.equal(next.applied.settings.session.autoAnswer, false);
    assert.equal(next.applied.sources['session.autoAnswer'], 'default');
  });

  it('a damaged file is ignored with a warning, and the next SetOptions replaces it', () => {
    companionRun().setOptions({ 'policy.session.auto_answer': '1' });
    writeFileSync(file(), '{"policy.session.auto_answer": ');
    const restarted = companionRun();
    assert.deepEqual(restarted.settingsTree, {});
    assert.ok(sink.lines.some((line) => line.includes('unreadable')));
    restarted.setOptions({ 'policy.session.dtmf_method': 'info' });
    assert.deepEqual(JSON.parse(readFileSync(file(), 'utf8')), { 'policy.session.dtmf_method': 'info' });
  });
});
