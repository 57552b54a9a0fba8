/**
 * Entry of web/test/fake.html (dev server only, never built): the real app around the in-memory fake
 * phone, for screenshots and UI checks. `?scenario=incoming|active|two-lines|failed|registered|idle`,
 * `?theme=dark`, `?history=1` (seeds a few history rows). Exposed as `window.fakePhone` for scripts.
 */
import { startApp } from '../src/app/start-app.ts';
import { realClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/log.ts';
import { fakeCore, type FakePhone, type FakeScenario } from './fake-phone.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

// The token styles live in index.html; copy them so this page looks the same.
const tokens = await fetch('/index.html').then((r) => r.text());
const style = /<style>([\s\S]*?)<\/style>/.exec(tokens)?.[1] ?? '';
document.head.append(Object.assign(document.createElement('style'), { textContent: style }));

const params = new URLSearchParams(location.search);
const scenario = (params.get('scenario') ?? 'registered') as FakeScenario;
if (params.get('theme')) {
  document.documentElement.dataset.theme = params.get('theme') ?? '';
}

declare global {
  interface Window {
    fakePhone?: FakePhone;
  }
}

const session = await startApp({
  log: createLogger('fake', { level: 'debug' }),
  clock: realClock,
  createCore: () => {
    const core = fakeCore(scenario);
    window.fakePhone = core.phone;
    return Promise.resolve(core);
  },
});
if (params.get('history')) {
  const off = session.subscribe(() => {
    if (session.role === 'leader' && window.fakePhone) {
      off();
      void seedHistory(window.fakePhone);
    }
  });
}

/** Makes a few calls through the fake so the history store fills the normal way. */
async function seedHistory(phone: FakePhone): Promise<void> {
  const before = homeRegistration(phone.snapshot);
  await phone.execute('register', { dn: '1001', server: '127.0.0.1' });
  for (const target of ['9000', '+15550102030', '9001']) {
    const call = await phone.execute('dial', { target });
    await phone.execute('hangup', { callId: call.callId });
  }
  phone.ring('1002', 'Alice Example');
  await phone.execute('hangup', {});
  phone.ring('+4930123456');
  await phone.execute('answer', {});
  await phone.execute('hangup', {});
  if (before.state !== 'registered') {
    await phone.execute('unregister', {});
  }
}
