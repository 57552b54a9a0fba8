/**
 * Every user-visible string of the PWA: the English catalog, which defines the `Messages` type every
 * other language's catalog (fr.ts, de.ts, …) fills in. Components never hold literal text; they read
 * `msg.*`, the current language's catalog (language.ts switches it). Parameterised messages are
 * functions; numbers, dates and durations reach them already formatted by format.ts.
 */

/** A registration failure the agent can fix with the right password (every catalog words it so). */
export const isAuthCause = (cause: string): boolean => /auth|401|403|forbidden|password/i.test(cause);

const en = {
  appName: 'WebRTC Gateway Bridge',
  appShortName: 'Softphone',
  startFailed: (reason: string) => `WebRTC Gateway Bridge failed to start: ${reason}. Reload the page to try again.`,

  nav: {
    label: 'Sections',
    phone: 'Phone',
    history: 'History',
    settings: 'Settings',
    help: 'Keyboard shortcuts',
  },

  status: {
    label: 'Connection status',
    companion: 'Companion',
    sip: 'SIP',
    /** The second registration slot: the Business Continuity peer site. */
    peerSite: 'Peer site',
    wwe: 'WWE',
    link: {
      offline: 'offline',
      connecting: 'connecting…',
      open: 'connected, waiting for handshake',
      ready: 'connected',
      backoff: 'reconnecting…',
      down: 'not running on this PC',
      replaced: 'taken over by another window',
      unpaired: 'not paired',
      mismatch: 'version mismatch — update the companion or reload',
    },
    transport: {
      disconnected: 'gateway unreachable',
      connecting: 'connecting to gateway…',
      connected: 'gateway connected',
    },
    registration: {
      unregistered: 'not registered',
      registering: (dn: string) => `registering DN ${dn}…`,
      registered: (dn: string) => `registered as DN ${dn}`,
      unregistering: (dn: string) => `unregistering DN ${dn}…`,
      failed: (cause: string, dn: string) =>
        isAuthCause(cause)
          ? `Registration failed: ${cause} — check the password for DN ${dn} in Settings`
          : `Registration failed: ${cause} — check the gateway URL in Settings or try again`,
      retryAt: (time: string) => `retrying at ${time}`,
      gatewayBusy: (seconds: number) => `gateway busy — retrying in ${seconds} s`,
    },
    linkBlocked: 'the browser reports local network access as blocked; if pairing fails, allow it in the site settings',
    wweSession: {
      idle: 'not signed in (WWE has not called the companion)',
      active: 'signed in — WWE is pinging the companion',
      lost: 'WWE stopped pinging the companion',
    },
    wweUnknown: 'unknown (companion not linked)',
  },

  register: {
    legend: 'Register without WWE',
    dn: 'DN',
    server: 'SIP server',
    password: 'Password (stored encrypted; leave empty to keep the saved one)',
    submit: 'Register',
    unregister: 'Unregister',
    confirmUnregister: (calls: number) =>
      calls === 1 ? 'Unregistering ends your call.' : `Unregistering ends your ${calls} calls.`,
    keepRegistered: 'Keep registered',
    unregisterAnyway: 'Unregister and end',
  },

  dial: {
    label: 'Dial pad',
    input: 'Number to call',
    placeholder: 'Number or extension',
    call: 'Call',
    callSecondLine: 'Call on second line',
    linesBusy: 'Both lines are in use: end or transfer a call to make another.',
    redial: 'Redial',
    redialTo: (target: string) => `Redial ${target}`,
    backspace: 'Delete last digit',
    invalid: 'Enter a number: digits, letters, + * # . _ -',
    linesFull: 'Both lines are in use',
  },

  call: {
    panelLabel: (remote: string) => `Call with ${remote}`,
    state: {
      incoming: 'Incoming',
      dialing: 'Dialing…',
      ringing: 'Ringing…',
      answering: 'Connecting…',
      active: 'Connected',
      ending: 'Ending…',
      ended: 'Ended',
    },
    held: 'On hold',
    holdPending: 'Updating hold…',
    muted: 'Muted',
    hold: 'Hold',
    resume: 'Resume',
    mute: 'Mute',
    unmute: 'Unmute',
    hangup: 'Hang up',
    keypad: 'Keypad',
    hideKeypad: 'Hide keypad',
    dtmfLabel: 'Send tones',
    genesysUuid: 'Genesys call',
    timer: 'Call time',
    secondLine: 'Second line',
    quality: (mos: string) => `Quality (MOS) ${mos}`,
    transfer: 'Transfer',
    transferLabel: 'Transfer the call',
    transferTarget: 'Transfer to number',
    transferBlind: 'Transfer now',
    transferAttended: (other: string) => `Transfer to the other line (${other})`,
    transferCancel: 'Cancel',
    transferInvalid: 'Enter a number to transfer to',
    transferredTo: (target: string) => `Transferred to ${target}`,
    transferredNotice: (caller: string, target: string) => `Call with ${caller} transferred to ${target}`,
    dtmfSent: (digits: string) => `Sent: ${digits}`,
    volume: 'Speaker volume',
  },

  missed: {
    label: 'Missed calls',
    from: (caller: string) => `Missed call from ${caller}`,
    more: (count: number) => (count === 1 ? 'and 1 more missed call' : `and ${count} more missed calls`),
    callBack: 'Call back',
    callBackTo: (remote: string) => `Call back ${remote}`,
    show: 'Show in History',
    dismiss: 'Dismiss',
    badge: (count: number) => (count === 1 ? '1 missed call' : `${count} missed calls`),
    notificationTitle: 'Missed call',
    notificationBody: (caller: string) => `${caller} called and hung up before you answered`,
  },

  quality: {
    label: 'Call quality',
    waiting: 'Measuring call quality…',
    mos: 'MOS',
    jitter: 'Jitter',
    loss: 'Loss',
    rtt: 'RTT',
    unknown: '—',
    trend: (points: number) => `Quality trend over the last ${points} samples`,
    warning: (loss: string, jitter: string) =>
      `Call quality is poor (loss ${loss}, jitter ${jitter}): the other side may not hear you well. Check the network or the headset.`,
  },

  devices: {
    micLevel: 'Microphone level',
    micTestStart: 'Test microphone',
    micTestStop: 'Stop microphone test',
    micTestFailed: (reason: string) => `The microphone could not be opened: ${reason}`,
    testTone: { output: 'Play test tone on speaker', ring: 'Play test tone on ring device' },
  },

  incoming: {
    label: 'Incoming call',
    from: (caller: string) => `Incoming call from ${caller}`,
    answer: 'Answer',
    decline: 'Decline',
    notificationTitle: 'Incoming call',
    notificationBody: (caller: string) => `${caller} is calling`,
  },

  history: {
    label: 'Call history',
    search: 'Search history',
    searchPlaceholder: 'Number or name',
    missedOnly: 'Missed only',
    empty: 'No calls yet',
    noMatch: 'No calls match',
    redial: (remote: string) => `Call ${remote} again`,
    redialShort: 'Call',
    inbound: 'Incoming',
    outbound: 'Outgoing',
    missed: 'Missed',
    transferred: (target: string) => `Transferred to ${target}`,
    loading: 'Loading history…',
  },

  settings: {
    title: 'Settings',
    connection: 'Connection',
    sipWebSocketUrl: 'Gateway WebSocket URL (WSS)',
    sipWebSocketUrlList:
      'One or more wss:// URLs separated by spaces, in order of preference: the phone uses the first that answers and returns to an earlier one when it answers again',
    companionUrl: 'Companion URL',
    fromGateway: (value: string) => `Empty: ${value} (from the gateway)`,
    iceServers: 'STUN/TURN servers (one URL per line)',
    iceUsername: 'TURN user name',
    iceCredential: 'TURN password (never shown; leave empty to keep)',
    turnCredentialsUrl: 'TURN credentials from the gateway (URL)',
    iceTransportPolicy: 'Media path',
    icePolicy: { all: 'Direct or through TURN', relay: 'Through TURN only' },
    credentials: 'Credentials per DN',
    credentialDn: 'DN',
    credentialAuthUser: 'Authorization user (optional)',
    credentialPassword: 'Password',
    credentialSaved: 'password saved',
    credentialAdd: 'Save credential',
    credentialRemove: (dn: string) => `Remove the credential for DN ${dn}`,
    noCredentials: 'No credentials saved',
    calls: 'Calls',
    dtmfMode: 'DTMF mode',
    dtmf: { rfc4733: 'RFC 4733 (in audio)', info: 'SIP INFO' },
    audioCodecs: 'Audio codecs',
    codecPreset: { opus: 'Opus first, G.711 fallback', g711: 'G.711 only' },
    autoAnswer: 'Auto-answer',
    autoAnswerPolicy: { never: 'Never', 'when-requested': 'When WWE or the call asks', always: 'Always' },
    audio: 'Audio processing',
    echoCancellation: 'Echo cancellation',
    noiseSuppression: 'Noise suppression',
    autoGainControl: 'Automatic gain control',
    devices: 'Audio devices',
    devicesApplyAtOnce: 'Changes here apply at once; there is nothing to save.',
    microphone: 'Microphone',
    speaker: 'Speaker',
    ringDevice: 'Ring device',
    defaultDevice: 'System default',
    unnamedDevice: (kind: string, n: number) => `${kind} ${n}`,
    devicesNeedPermission: 'Device names appear after the microphone is allowed.',
    refreshDevices: 'Refresh devices',
    theme: 'Theme',
    themes: { system: 'Follow the system', light: 'Light', dark: 'Dark' },
    language: 'Language',
    languageAuto: 'Browser language',
    languageFromWwe: (name: string) => `WWE sets the language: ${name}. Your choice applies when WWE names none.`,
    save: 'Save settings',
    savedWith: (button: string) => `These settings apply once you press "${button}" at the end.`,
    saved: 'Settings saved',
    saveFailed: (reason: string) => `Settings not saved: ${reason}`,
    companion: 'Companion',
    pair: 'Pair with companion',
    paired: 'Paired with the companion.',
    pairAgain: 'Pair again',
    pairingWhy:
      'WWE reaches this softphone through the companion on this PC; until the two are paired, WWE cannot use it. The button opens the companion’s window, where you type the code shown here.',
    pairingBlocked: 'The pairing window was blocked; allow pop-ups for this site and try again.',
    pairingCode: 'Type this code in the companion’s window:',
    pairingUnreachable:
      'The companion did not answer. Check that it is running and that its address in these settings is right.',
    pairingCancelled: 'Pairing was cancelled: the companion’s window was closed before the code was confirmed.',
    pairingTimeout: 'Pairing took too long and expired. Start it again.',
    pairingRefused: (code: string, message: string): string =>
      ({
        OTHER_OS_USER:
          'This companion belongs to another user of this computer. Set the address of your own companion (its port) in these settings.',
        PEER_UNVERIFIED: `The companion could not check that this browser runs as your user. ${message}`,
        PAIRING_EXPIRED: 'The pairing request expired before it was confirmed. Start it again.',
        PAIRING_UNKNOWN:
          'The pairing request is no longer valid (the code was typed wrong too often?). Start it again.',
        PAIRING_BUSY: 'Too many pairing attempts are open. Wait a few minutes and try again.',
      })[code] ?? `The companion refused pairing: ${message}`,
    notifications: 'Notifications',
    enableNotifications: 'Allow call notifications',
    notificationsOn: 'Call notifications are on',
    notificationsDenied: 'Notifications are blocked in the browser settings',
    notificationsUnsupported: 'This browser cannot show notifications',
  },

  lineCard: {
    line: (n: number) => `Line ${n}`,
    swap: 'Swap to this call',
  },

  connectionSettings: {
    hint: 'Gateway, companion and TURN, set up once (usually by your administrator)',
    managed: 'Managed by your administrator',
    setByAdmin: 'set by your administrator',
  },

  banner: {
    update: 'Update ready',
    updateReload: 'Reload',
    updateWaitsForCall: 'An update is ready and will be offered when the call ends.',
    sound: 'Sound is blocked by the browser.',
    soundEnable: 'Click to enable sound',
    follower: 'Active in another window.',
    takeOver: 'Use this window',
    starting: 'Starting the phone…',
    sinkFallback: (device: string) =>
      `The audio device "${device}" is not available; using the default device instead.`,
    micDenied: 'Microphone access is not granted: calls cannot be answered until it is allowed.',
    micAllow: 'Allow microphone',
    offline: 'The gateway is unreachable. Calls will work again when the network is back.',
    unpaired: 'This softphone is not paired with the companion on this PC, so WWE cannot use it.',
    unpairedAction: 'Go to pairing',
    companionDown:
      'The companion on this PC is not running, so WWE cannot use this softphone. Start "WebRTC Gateway Bridge" from the Windows Start menu; this message goes away by itself once it runs. If it comes back, call your helpdesk.',
    dismiss: 'Dismiss',
    actionFailed: (reason: string) => `That did not work: ${reason}`,
  },

  /** SIP and TURN credentials: the DN password dialog, ephemeral credentials, TURN user names. */
  sipCredentials: {
    passwordTitle: (dn: string) => `Password for DN ${dn}`,
    passwordWhy: (dn: string) =>
      `This softphone is asked to register DN ${dn}, but no password is saved for it on this PC. Enter its SIP password: it is stored encrypted, and you will not be asked for it again.`,
    passwordKeeps: (dn: string) => `DN ${dn} stays registered until you confirm.`,
    dn: 'DN',
    password: 'SIP password',
    register: 'Register',
    notNow: 'Not now',
    failed: (cause: string) => `Registration failed: ${cause}. Check the password and try again.`,
    turnUserMissing: (urls: string) =>
      `A TURN server needs a TURN user name: enter the user name for ${urls}, or remove the TURN URL.`,
  },

  help: {
    title: 'Keyboard shortcuts',
    close: 'Close',
    rows: [
      ['Enter', 'Call the number, or answer the ringing call'],
      ['Escape', 'Hang up, or decline the ringing call'],
      ['H', 'Hold or resume the active call'],
      ['M', 'Mute or unmute'],
      ['T', 'Transfer the active call (type the number, Enter transfers, Escape cancels)'],
      ['0–9, *, #', 'Type into the dial pad, or send tones during a call'],
      ['?', 'Show this list'],
    ] as const,
  },
  endpointPolicies: {
    silent: (seconds: string) =>
      `No audio has reached you from the other side for ${seconds}: the call may be dead. Ask if they hear you, or hang up and call back.`,
    vqAlarm: 'Voice-quality alarm: the call sounds worse than your contact center allows.',
    deviceRulesLabel: 'Devices chosen by your contact center',
    roles: { input: 'Microphone', output: 'Speaker', ring: 'Ringer' },
    deviceRulePicked: (role: string, device: string, rule: string) =>
      `${role}: ${device}, chosen by your contact center’s rule “${rule}”.`,
    deviceRuleUnmatched: (role: string, rule: string) =>
      `${role}: no device matches your contact center’s rule “${rule}”; the system default is used.`,
    deviceRulesOwnChoice: 'Your own choice below applies only where your contact center set no rule.',
    headsetMissing: (rule: string) =>
      `No headset matching “${rule}” is connected: your contact center refuses calls until one is plugged in.`,
  },
} as const;

/** A catalog's shape: the English one's keys and functions, any text. */
type Catalog<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Catalog<T[K]> };

export type Messages = Catalog<typeof en>;

export const english: Messages = en;

/**
 * The current language's catalog. A live binding: `useCatalog` swaps it and every importer reads the
 * new one from then on (components re-render through language.ts's subscription).
 */
export let msg: Messages = english;

export function useCatalog(catalog: Messages): void {
  msg = catalog;
}
