/** The German catalog (messages.ts has the English one and the shape). */
import { isAuthCause, type Messages } from './messages.ts';

export const de: Messages = {
  appName: 'WebRTC Gateway Bridge',
  appShortName: 'Softphone',
  startFailed: (reason) =>
    `WebRTC Gateway Bridge konnte nicht starten: ${reason}. Laden Sie die Seite neu, um es erneut zu versuchen.`,

  nav: {
    label: 'Bereiche',
    phone: 'Telefon',
    history: 'Verlauf',
    settings: 'Einstellungen',
    help: 'Tastenkürzel',
  },

  status: {
    label: 'Verbindungsstatus',
    companion: 'Begleitdienst',
    sip: 'SIP',
    peerSite: 'Partnerstandort',
    wwe: 'WWE',
    link: {
      offline: 'getrennt',
      connecting: 'verbindet…',
      open: 'verbunden, wartet auf Handshake',
      ready: 'verbunden',
      backoff: 'verbindet erneut…',
      down: 'läuft nicht auf diesem PC',
      replaced: 'von einem anderen Fenster übernommen',
      unpaired: 'nicht gekoppelt',
      mismatch: 'Versionskonflikt — Begleitdienst aktualisieren oder neu laden',
    },
    transport: {
      disconnected: 'Gateway nicht erreichbar',
      connecting: 'verbindet mit dem Gateway…',
      connected: 'Gateway verbunden',
    },
    registration: {
      unregistered: 'nicht registriert',
      registering: (dn) => `registriere DN ${dn}…`,
      registered: (dn) => `registriert als DN ${dn}`,
      unregistering: (dn) => `melde DN ${dn} ab…`,
      failed: (cause, dn) =>
        isAuthCause(cause)
          ? `Registrierung fehlgeschlagen: ${cause} — prüfen Sie das Passwort für DN ${dn} in den Einstellungen`
          : `Registrierung fehlgeschlagen: ${cause} — prüfen Sie die Gateway-URL in den Einstellungen oder versuchen Sie es erneut`,
      retryAt: (time) => `neuer Versuch um ${time}`,
      gatewayBusy: (seconds) => `Gateway ausgelastet — neuer Versuch in ${seconds} s`,
    },
    linkBlocked:
      'der Browser meldet den Zugriff auf das lokale Netzwerk als blockiert; falls die Kopplung fehlschlägt, erlauben Sie ihn in den Website-Einstellungen',
    wweSession: {
      idle: 'nicht angemeldet (WWE hat den Begleitdienst nicht aufgerufen)',
      active: 'angemeldet — WWE fragt den Begleitdienst ab',
      lost: 'WWE fragt den Begleitdienst nicht mehr ab',
    },
    wweUnknown: 'unbekannt (Begleitdienst nicht verbunden)',
  },

  register: {
    legend: 'Ohne WWE registrieren',
    dn: 'DN',
    server: 'SIP-Server',
    password: 'Passwort (verschlüsselt gespeichert; leer lassen, um das gespeicherte zu behalten)',
    submit: 'Registrieren',
    unregister: 'Abmelden',
    confirmUnregister: (calls) =>
      calls === 1 ? 'Die Abmeldung beendet Ihr Gespräch.' : `Die Abmeldung beendet Ihre ${calls} Gespräche.`,
    keepRegistered: 'Registriert bleiben',
    unregisterAnyway: 'Abmelden und beenden',
  },

  dial: {
    label: 'Wähltastatur',
    input: 'Rufnummer',
    placeholder: 'Rufnummer oder Nebenstelle',
    call: 'Anrufen',
    callSecondLine: 'Auf zweiter Leitung anrufen',
    linesBusy: 'Beide Leitungen sind belegt: beenden oder vermitteln Sie einen Anruf, um einen weiteren zu tätigen.',
    redial: 'Wahlwiederholung',
    redialTo: (target) => `${target} erneut wählen`,
    backspace: 'Letzte Ziffer löschen',
    invalid: 'Geben Sie eine Rufnummer ein: Ziffern, Buchstaben, + * # . _ -',
    linesFull: 'Beide Leitungen sind belegt',
  },

  call: {
    panelLabel: (remote) => `Gespräch mit ${remote}`,
    state: {
      incoming: 'Eingehend',
      dialing: 'Wählt…',
      ringing: 'Klingelt…',
      answering: 'Verbindet…',
      active: 'Verbunden',
      ending: 'Wird beendet…',
      ended: 'Beendet',
    },
    held: 'Gehalten',
    holdPending: 'Halten wird aktualisiert…',
    muted: 'Stummgeschaltet',
    hold: 'Halten',
    resume: 'Zurückholen',
    mute: 'Stummschalten',
    unmute: 'Stummschaltung aufheben',
    hangup: 'Auflegen',
    keypad: 'Tastenfeld',
    hideKeypad: 'Tastenfeld ausblenden',
    dtmfLabel: 'Töne senden',
    genesysUuid: 'Genesys-Gespräch',
    timer: 'Gesprächsdauer',
    secondLine: 'Zweite Leitung',
    quality: (mos) => `Qualität (MOS) ${mos}`,
    transfer: 'Weiterverbinden',
    transferLabel: 'Gespräch weiterverbinden',
    transferTarget: 'Weiterverbinden an Rufnummer',
    transferBlind: 'Jetzt weiterverbinden',
    transferAttended: (other) => `An die andere Leitung weiterverbinden (${other})`,
    transferCancel: 'Abbrechen',
    transferInvalid: 'Geben Sie die Zielrufnummer ein',
    transferredTo: (target) => `Weitergeleitet an ${target}`,
    transferredNotice: (caller, target) => `Anruf mit ${caller} an ${target} weitergeleitet`,
    dtmfSent: (digits) => `Gesendet: ${digits}`,
    volume: 'Lautsprecherlautstärke',
  },

  missed: {
    label: 'Verpasste Anrufe',
    from: (caller) => `Verpasster Anruf von ${caller}`,
    more: (count) => (count === 1 ? 'und 1 weiterer verpasster Anruf' : `und ${count} weitere verpasste Anrufe`),
    callBack: 'Zurückrufen',
    callBackTo: (remote) => `${remote} zurückrufen`,
    show: 'Im Verlauf zeigen',
    dismiss: 'Verwerfen',
    badge: (count) => (count === 1 ? '1 verpasster Anruf' : `${count} verpasste Anrufe`),
    notificationTitle: 'Verpasster Anruf',
    notificationBody: (caller) => `${caller} hat aufgelegt, bevor Sie angenommen haben`,
  },

  quality: {
    label: 'Gesprächsqualität',
    waiting: 'Gesprächsqualität wird gemessen…',
    mos: 'MOS',
    jitter: 'Jitter',
    loss: 'Verlust',
    rtt: 'RTT',
    unknown: '—',
    trend: (points) => `Qualitätsverlauf der letzten ${points} Messungen`,
    warning: (loss, jitter) =>
      `Die Gesprächsqualität ist schlecht (Verlust ${loss}, Jitter ${jitter}): Ihr Gegenüber hört Sie eventuell schlecht. Prüfen Sie das Netzwerk oder das Headset.`,
  },

  devices: {
    micLevel: 'Mikrofonpegel',
    micTestStart: 'Mikrofon testen',
    micTestStop: 'Mikrofontest beenden',
    micTestFailed: (reason) => `Das Mikrofon konnte nicht geöffnet werden: ${reason}`,
    testTone: { output: 'Testton über den Lautsprecher abspielen', ring: 'Testton über das Klingelgerät abspielen' },
  },

  incoming: {
    label: 'Eingehender Anruf',
    from: (caller) => `Eingehender Anruf von ${caller}`,
    answer: 'Annehmen',
    decline: 'Ablehnen',
    notificationTitle: 'Eingehender Anruf',
    notificationBody: (caller) => `${caller} ruft an`,
  },

  history: {
    label: 'Anrufliste',
    search: 'Verlauf durchsuchen',
    searchPlaceholder: 'Rufnummer oder Name',
    missedOnly: 'Nur verpasste',
    empty: 'Noch keine Anrufe',
    noMatch: 'Keine passenden Anrufe',
    redial: (remote) => `${remote} erneut anrufen`,
    redialShort: 'Anrufen',
    inbound: 'Eingehend',
    outbound: 'Ausgehend',
    missed: 'Verpasst',
    transferred: (target) => `Weitergeleitet an ${target}`,
    loading: 'Verlauf wird geladen…',
  },

  settings: {
    title: 'Einstellungen',
    connection: 'Verbindung',
    sipWebSocketUrl: 'WebSocket-URL des Gateways (WSS)',
    sipWebSocketUrlList:
      'Eine oder mehrere wss://-URLs, durch Leerzeichen getrennt, in der Reihenfolge der Präferenz: Das Telefon nutzt die erste, die antwortet, und kehrt zu einer früheren zurück, sobald sie wieder antwortet',
    companionUrl: 'URL des Begleitdienstes',
    fromGateway: (value) => `Leer: ${value} (vom Gateway)`,
    iceServers: 'STUN/TURN-Server (eine URL pro Zeile)',
    iceUsername: 'TURN-Benutzername',
    iceCredential: 'TURN-Passwort (wird nie angezeigt; leer lassen, um es zu behalten)',
    turnCredentialsUrl: 'TURN-Zugangsdaten vom Gateway (URL)',
    iceTransportPolicy: 'Medienweg',
    icePolicy: { all: 'Direkt oder über TURN', relay: 'Nur über TURN' },
    credentials: 'Zugangsdaten pro DN',
    credentialDn: 'DN',
    credentialAuthUser: 'Autorisierungsbenutzer (optional)',
    credentialPassword: 'Passwort',
    credentialSaved: 'Passwort gespeichert',
    credentialAdd: 'Zugangsdaten speichern',
    credentialRemove: (dn) => `Zugangsdaten für DN ${dn} entfernen`,
    noCredentials: 'Keine Zugangsdaten gespeichert',
    calls: 'Anrufe',
    dtmfMode: 'DTMF-Modus',
    dtmf: { rfc4733: 'RFC 4733 (im Audiostrom)', info: 'SIP INFO' },
    audioCodecs: 'Audio-Codecs',
    codecPreset: { opus: 'Opus zuerst, G.711 als Ausweich', g711: 'Nur G.711' },
    autoAnswer: 'Automatische Annahme',
    autoAnswerPolicy: { never: 'Nie', 'when-requested': 'Wenn WWE oder der Anruf es verlangt', always: 'Immer' },
    audio: 'Audioverarbeitung',
    echoCancellation: 'Echounterdrückung',
    noiseSuppression: 'Rauschunterdrückung',
    autoGainControl: 'Automatische Pegelregelung',
    devices: 'Audiogeräte',
    devicesApplyAtOnce: 'Änderungen hier gelten sofort; Speichern ist nicht nötig.',
    microphone: 'Mikrofon',
    speaker: 'Lautsprecher',
    ringDevice: 'Klingelgerät',
    defaultDevice: 'Systemstandard',
    unnamedDevice: (kind, n) => `${kind} ${n}`,
    devicesNeedPermission: 'Gerätenamen erscheinen, sobald das Mikrofon erlaubt ist.',
    refreshDevices: 'Geräte aktualisieren',
    theme: 'Design',
    themes: { system: 'Wie das System', light: 'Hell', dark: 'Dunkel' },
    language: 'Sprache',
    languageAuto: 'Sprache des Browsers',
    languageFromWwe: (name) => `WWE legt die Sprache fest: ${name}. Ihre Auswahl gilt, wenn WWE keine vorgibt.`,
    save: 'Einstellungen speichern',
    savedWith: (button) => `Diese Einstellungen gelten, sobald Sie sie unten mit „${button}“ speichern.`,
    saved: 'Einstellungen gespeichert',
    saveFailed: (reason) => `Einstellungen nicht gespeichert: ${reason}`,
    companion: 'Begleitdienst',
    pair: 'Mit Begleitdienst koppeln',
    paired: 'Mit dem Begleitdienst gekoppelt.',
    pairAgain: 'Erneut koppeln',
    pairingWhy:
      'WWE erreicht dieses Softphone über den Begleitdienst auf diesem PC; solange beide nicht gekoppelt sind, kann WWE es nicht nutzen. Die Schaltfläche öffnet das Fenster des Begleitdienstes, in das Sie den hier angezeigten Code eingeben.',
    pairingBlocked:
      'Das Kopplungsfenster wurde blockiert; erlauben Sie Pop-ups für diese Website und versuchen Sie es erneut.',
    pairingCode: 'Geben Sie diesen Code im Fenster des Begleitdienstes ein:',
    pairingUnreachable:
      'Der Begleitdienst hat nicht geantwortet. Prüfen Sie, ob er läuft und ob seine Adresse in diesen Einstellungen stimmt.',
    pairingCancelled:
      'Kopplung abgebrochen: Das Fenster des Begleitdienstes wurde geschlossen, bevor der Code bestätigt war.',
    pairingTimeout: 'Die Kopplung hat zu lange gedauert und ist abgelaufen. Starten Sie sie erneut.',
    pairingRefused: (code, message) =>
      ({
        OTHER_OS_USER:
          'Dieser Begleitdienst gehört einem anderen Benutzer dieses Computers. Tragen Sie in diesen Einstellungen die Adresse Ihres eigenen Begleitdienstes (seinen Port) ein.',
        PEER_UNVERIFIED: `Der Begleitdienst konnte nicht prüfen, ob dieser Browser unter Ihrem Benutzer läuft. ${message}`,
        PAIRING_EXPIRED: 'Die Kopplungsanfrage ist abgelaufen, bevor sie bestätigt wurde. Starten Sie sie erneut.',
        PAIRING_UNKNOWN:
          'Die Kopplungsanfrage ist nicht mehr gültig (Code zu oft falsch eingegeben?). Starten Sie sie erneut.',
        PAIRING_BUSY: 'Zu viele Kopplungsversuche sind offen. Warten Sie einige Minuten und versuchen Sie es erneut.',
      })[code] ?? `Der Begleitdienst hat die Kopplung abgelehnt: ${message}`,
    notifications: 'Benachrichtigungen',
    enableNotifications: 'Anrufbenachrichtigungen erlauben',
    notificationsOn: 'Anrufbenachrichtigungen sind aktiv',
    notificationsDenied: 'Benachrichtigungen sind in den Browsereinstellungen blockiert',
    notificationsUnsupported: 'Dieser Browser kann keine Benachrichtigungen anzeigen',
  },

  lineCard: {
    line: (n) => `Leitung ${n}`,
    swap: 'Zu diesem Anruf wechseln',
  },

  connectionSettings: {
    hint: 'Gateway, Begleitdienst und TURN, einmal eingerichtet (meist von Ihrer Administration)',
    managed: 'Von Ihrer Administration verwaltet',
    setByAdmin: 'von Ihrer Administration festgelegt',
  },

  banner: {
    update: 'Update bereit',
    updateReload: 'Neu laden',
    updateWaitsForCall: 'Ein Update ist bereit und wird nach dem Gespräch angeboten.',
    sound: 'Der Ton wird vom Browser blockiert.',
    soundEnable: 'Klicken, um den Ton zu aktivieren',
    follower: 'In einem anderen Fenster aktiv.',
    takeOver: 'Dieses Fenster verwenden',
    starting: 'Telefon wird gestartet…',
    sinkFallback: (device) =>
      `Das Audiogerät „${device}“ ist nicht verfügbar; stattdessen wird das Standardgerät verwendet.`,
    micDenied:
      'Der Zugriff auf das Mikrofon ist nicht erlaubt: Anrufe können erst angenommen werden, wenn er erlaubt ist.',
    micAllow: 'Mikrofon erlauben',
    offline: 'Das Gateway ist nicht erreichbar. Anrufe funktionieren wieder, sobald das Netzwerk zurück ist.',
    unpaired:
      'Dieses Softphone ist nicht mit dem Begleitdienst auf diesem PC gekoppelt, daher kann WWE es nicht nutzen.',
    unpairedAction: 'Zur Kopplung',
    companionDown:
      'Der Begleitdienst auf diesem PC läuft nicht, daher kann WWE dieses Softphone nicht nutzen. Starten Sie „WebRTC Gateway Bridge“ über das Windows-Startmenü; diese Meldung verschwindet von selbst, sobald er läuft. Erscheint sie erneut, wenden Sie sich an Ihren Helpdesk.',
    dismiss: 'Schließen',
    actionFailed: (reason) => `Das hat nicht funktioniert: ${reason}`,
  },

  sipCredentials: {
    passwordTitle: (dn) => `Passwort für DN ${dn}`,
    passwordWhy: (dn) =>
      `Dieses Softphone soll DN ${dn} registrieren, aber auf diesem PC ist kein Passwort dafür gespeichert. Geben Sie das SIP-Passwort ein: Es wird verschlüsselt gespeichert und nicht erneut abgefragt.`,
    passwordKeeps: (dn) => `DN ${dn} bleibt registriert, bis Sie bestätigen.`,
    dn: 'DN',
    password: 'SIP-Passwort',
    register: 'Registrieren',
    notNow: 'Später',
    failed: (cause) => `Registrierung fehlgeschlagen: ${cause}. Prüfen Sie das Passwort und versuchen Sie es erneut.`,
    turnUserMissing: (urls) =>
      `Ein TURN-Server braucht einen TURN-Benutzernamen: Geben Sie ihn für ${urls} ein oder entfernen Sie die TURN-URL.`,
  },

  help: {
    title: 'Tastenkürzel',
    close: 'Schließen',
    rows: [
      ['Eingabe', 'Die Rufnummer anrufen oder den klingelnden Anruf annehmen'],
      ['Esc', 'Auflegen oder den klingelnden Anruf ablehnen'],
      ['H', 'Das aktive Gespräch halten oder zurückholen'],
      ['M', 'Stummschalten oder Stummschaltung aufheben'],
      ['T', 'Das aktive Gespräch weiterverbinden (Rufnummer eingeben, Eingabe verbindet, Esc bricht ab)'],
      ['0–9, *, #', 'In die Wähltastatur tippen oder während eines Gesprächs Töne senden'],
      ['?', 'Diese Liste anzeigen'],
    ],
  },
  endpointPolicies: {
    silent: (seconds) =>
      `Seit ${seconds} kommt kein Ton von der Gegenseite an: Das Gespräch ist möglicherweise abgebrochen. Fragen Sie nach, ob man Sie hört, oder legen Sie auf und rufen Sie zurück.`,
    vqAlarm: 'Sprachqualitätsalarm: Das Gespräch klingt schlechter, als Ihr Contact Center es zulässt.',
    deviceRulesLabel: 'Von Ihrem Contact Center gewählte Geräte',
    roles: { input: 'Mikrofon', output: 'Lautsprecher', ring: 'Klingelton' },
    deviceRulePicked: (role, device, rule) =>
      `${role}: ${device}, gewählt durch die Regel „${rule}“ Ihres Contact Centers.`,
    deviceRuleUnmatched: (role, rule) =>
      `${role}: Kein Gerät passt zur Regel „${rule}“ Ihres Contact Centers; das Standardgerät des Systems wird verwendet.`,
    deviceRulesOwnChoice: 'Ihre eigene Auswahl unten gilt nur, wo Ihr Contact Center keine Regel festgelegt hat.',
    headsetMissing: (rule) =>
      `Kein Headset passend zu „${rule}“ angeschlossen: Ihr Contact Center lehnt Anrufe ab, bis eines eingesteckt ist.`,
  },
};
