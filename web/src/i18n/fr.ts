/** The French catalog (messages.ts has the English one and the shape). */
import { isAuthCause, type Messages } from './messages.ts';

export const fr: Messages = {
  appName: 'WebRTC Gateway Bridge',
  appShortName: 'Softphone',
  startFailed: (reason) =>
    `WebRTC Gateway Bridge n’a pas pu démarrer\u00a0: ${reason}. Rechargez la page pour réessayer.`,

  nav: {
    label: 'Rubriques',
    phone: 'Téléphone',
    history: 'Historique',
    settings: 'Paramètres',
    help: 'Raccourcis clavier',
  },

  status: {
    label: 'État de la connexion',
    companion: 'Compagnon',
    sip: 'SIP',
    peerSite: 'Site de secours',
    wwe: 'WWE',
    link: {
      offline: 'hors ligne',
      connecting: 'connexion…',
      open: 'connecté, en attente de la poignée de main',
      ready: 'connecté',
      backoff: 'reconnexion…',
      down: 'non démarré sur ce PC',
      replaced: 'repris par une autre fenêtre',
      unpaired: 'non appairé',
      mismatch: 'versions incompatibles — mettez à jour le compagnon ou rechargez',
    },
    transport: {
      disconnected: 'passerelle injoignable',
      connecting: 'connexion à la passerelle…',
      connected: 'passerelle connectée',
    },
    registration: {
      unregistered: 'non enregistré',
      registering: (dn) => `enregistrement du DN ${dn}…`,
      registered: (dn) => `enregistré comme DN ${dn}`,
      unregistering: (dn) => `désenregistrement du DN ${dn}…`,
      failed: (cause, dn) =>
        isAuthCause(cause)
          ? `Échec de l’enregistrement\u00a0: ${cause} — vérifiez le mot de passe du DN ${dn} dans les Paramètres`
          : `Échec de l’enregistrement\u00a0: ${cause} — vérifiez l’URL de la passerelle dans les Paramètres ou réessayez`,
      retryAt: (time) => `nouvel essai à ${time}`,
      gatewayBusy: (seconds) => `passerelle occupée — nouvel essai dans ${seconds}\u00a0s`,
    },
    linkBlocked:
      'le navigateur indique que l’accès au réseau local est bloqué\u00a0; si l’appairage échoue, autorisez-le dans les paramètres du site',
    wweSession: {
      idle: 'non connecté (WWE n’a pas contacté le compagnon)',
      active: 'connecté — WWE interroge le compagnon',
      lost: 'WWE n’interroge plus le compagnon',
    },
    wweUnknown: 'inconnu (compagnon non relié)',
  },

  register: {
    legend: 'S’enregistrer sans WWE',
    dn: 'DN',
    server: 'Serveur SIP',
    password: 'Mot de passe (stocké chiffré\u00a0; laissez vide pour garder celui enregistré)',
    submit: 'S’enregistrer',
    unregister: 'Se désenregistrer',
    confirmUnregister: (calls) =>
      calls === 1
        ? 'Le désenregistrement met fin à votre appel.'
        : `Le désenregistrement met fin à vos ${calls} appels.`,
    keepRegistered: 'Rester enregistré',
    unregisterAnyway: 'Désenregistrer et raccrocher',
  },

  dial: {
    label: 'Clavier de numérotation',
    input: 'Numéro à appeler',
    placeholder: 'Numéro ou poste',
    call: 'Appeler',
    callSecondLine: 'Appeler sur la deuxième ligne',
    linesBusy: 'Les deux lignes sont occupées : terminez ou transférez un appel pour en passer un autre.',
    redial: 'Rappeler',
    redialTo: (target) => `Rappeler le ${target}`,
    backspace: 'Effacer le dernier chiffre',
    invalid: 'Saisissez un numéro\u00a0: chiffres, lettres, + * # . _ -',
    linesFull: 'Les deux lignes sont occupées',
  },

  call: {
    panelLabel: (remote) => `Appel avec ${remote}`,
    state: {
      incoming: 'Entrant',
      dialing: 'Numérotation…',
      ringing: 'Sonnerie…',
      answering: 'Connexion…',
      active: 'En communication',
      ending: 'Fin d’appel…',
      ended: 'Terminé',
    },
    held: 'En attente',
    holdPending: 'Mise en attente en cours…',
    muted: 'Micro coupé',
    hold: 'Mettre en attente',
    resume: 'Reprendre',
    mute: 'Couper le micro',
    unmute: 'Rétablir le micro',
    hangup: 'Raccrocher',
    keypad: 'Clavier',
    hideKeypad: 'Masquer le clavier',
    dtmfLabel: 'Envoyer des tonalités',
    genesysUuid: 'Appel Genesys',
    timer: 'Durée de l’appel',
    secondLine: 'Deuxième ligne',
    quality: (mos) => `Qualité (MOS) ${mos}`,
    transfer: 'Transférer',
    transferLabel: 'Transférer l’appel',
    transferTarget: 'Transférer vers le numéro',
    transferBlind: 'Transférer maintenant',
    transferAttended: (other) => `Transférer vers l’autre ligne (${other})`,
    transferCancel: 'Annuler',
    transferInvalid: 'Saisissez le numéro vers lequel transférer',
    transferredTo: (target) => `Transféré vers ${target}`,
    transferredNotice: (caller, target) => `Appel avec ${caller} transféré vers ${target}`,
    dtmfSent: (digits) => `Envoyé\u00a0: ${digits}`,
    volume: 'Volume du haut-parleur',
  },

  missed: {
    label: 'Appels manqués',
    from: (caller) => `Appel manqué de ${caller}`,
    more: (count) => (count === 1 ? 'et 1 autre appel manqué' : `et ${count} autres appels manqués`),
    callBack: 'Rappeler',
    callBackTo: (remote) => `Rappeler le ${remote}`,
    show: 'Voir dans l’historique',
    dismiss: 'Ignorer',
    badge: (count) => (count === 1 ? '1 appel manqué' : `${count} appels manqués`),
    notificationTitle: 'Appel manqué',
    notificationBody: (caller) => `${caller} a raccroché avant que vous ne répondiez`,
  },

  quality: {
    label: 'Qualité de l’appel',
    waiting: 'Mesure de la qualité de l’appel…',
    mos: 'MOS',
    jitter: 'Gigue',
    loss: 'Pertes',
    rtt: 'RTT',
    unknown: '—',
    trend: (points) => `Évolution de la qualité sur les ${points} dernières mesures`,
    warning: (loss, jitter) =>
      `La qualité de l’appel est mauvaise (pertes ${loss}, gigue ${jitter})\u00a0: votre correspondant risque de mal vous entendre. Vérifiez le réseau ou le casque.`,
  },

  devices: {
    micLevel: 'Niveau du microphone',
    micTestStart: 'Tester le microphone',
    micTestStop: 'Arrêter le test du microphone',
    micTestFailed: (reason) => `Impossible d’ouvrir le microphone\u00a0: ${reason}`,
    testTone: {
      output: 'Jouer une tonalité de test sur le haut-parleur',
      ring: 'Jouer une tonalité de test sur l’appareil de sonnerie',
    },
  },

  incoming: {
    label: 'Appel entrant',
    from: (caller) => `Appel entrant de ${caller}`,
    answer: 'Décrocher',
    decline: 'Refuser',
    notificationTitle: 'Appel entrant',
    notificationBody: (caller) => `${caller} vous appelle`,
  },

  history: {
    label: 'Historique des appels',
    search: 'Rechercher dans l’historique',
    searchPlaceholder: 'Numéro ou nom',
    missedOnly: 'Manqués uniquement',
    empty: 'Aucun appel pour l’instant',
    noMatch: 'Aucun appel ne correspond',
    redial: (remote) => `Rappeler ${remote}`,
    redialShort: 'Appeler',
    inbound: 'Entrant',
    outbound: 'Sortant',
    missed: 'Manqué',
    transferred: (target) => `Transféré vers ${target}`,
    loading: 'Chargement de l’historique…',
  },

  settings: {
    title: 'Paramètres',
    connection: 'Connexion',
    sipWebSocketUrl: 'URL WebSocket de la passerelle (WSS)',
    sipWebSocketUrlList:
      'Une ou plusieurs URL wss:// séparées par des espaces, par ordre de préférence : le téléphone utilise la première qui répond et revient à une précédente dès qu’elle répond de nouveau',
    companionUrl: 'URL du compagnon',
    fromGateway: (value) => `Vide\u00a0: ${value} (fourni par la passerelle)`,
    iceServers: 'Serveurs STUN/TURN (une URL par ligne)',
    iceUsername: 'Nom d’utilisateur TURN',
    iceCredential: 'Mot de passe TURN (jamais affiché\u00a0; laissez vide pour le garder)',
    turnCredentialsUrl: 'Identifiants TURN fournis par la passerelle (URL)',
    iceTransportPolicy: 'Chemin des médias',
    icePolicy: { all: 'Direct ou via TURN', relay: 'Via TURN uniquement' },
    credentials: 'Identifiants par DN',
    credentialDn: 'DN',
    credentialAuthUser: 'Utilisateur d’authentification (facultatif)',
    credentialPassword: 'Mot de passe',
    credentialSaved: 'mot de passe enregistré',
    credentialAdd: 'Enregistrer l’identifiant',
    credentialRemove: (dn) => `Supprimer l’identifiant du DN ${dn}`,
    noCredentials: 'Aucun identifiant enregistré',
    calls: 'Appels',
    dtmfMode: 'Mode DTMF',
    dtmf: { rfc4733: 'RFC 4733 (dans l’audio)', info: 'SIP INFO' },
    audioCodecs: 'Codecs audio',
    codecPreset: { opus: 'Opus d’abord, G.711 en repli', g711: 'G.711 uniquement' },
    autoAnswer: 'Réponse automatique',
    autoAnswerPolicy: { never: 'Jamais', 'when-requested': 'Quand WWE ou l’appel le demande', always: 'Toujours' },
    audio: 'Traitement audio',
    echoCancellation: 'Annulation d’écho',
    noiseSuppression: 'Réduction du bruit',
    autoGainControl: 'Contrôle automatique du gain',
    devices: 'Périphériques audio',
    devicesApplyAtOnce: 'Les changements ici s’appliquent aussitôt\u00a0; rien à enregistrer.',
    microphone: 'Micro',
    speaker: 'Haut-parleur',
    ringDevice: 'Appareil de sonnerie',
    defaultDevice: 'Par défaut du système',
    unnamedDevice: (kind, n) => `${kind} ${n}`,
    devicesNeedPermission: 'Le nom des périphériques apparaît une fois le microphone autorisé.',
    refreshDevices: 'Actualiser les périphériques',
    theme: 'Thème',
    themes: { system: 'Suivre le système', light: 'Clair', dark: 'Sombre' },
    language: 'Langue',
    languageAuto: 'Langue du navigateur',
    languageFromWwe: (name) =>
      `WWE impose la langue\u00a0: ${name}. Votre choix s’applique quand WWE n’en indique aucune.`,
    save: 'Enregistrer les paramètres',
    savedWith: (button) => `Ces paramètres s’appliquent une fois enregistrés avec «\u00a0${button}\u00a0» en bas.`,
    saved: 'Paramètres enregistrés',
    saveFailed: (reason) => `Paramètres non enregistrés\u00a0: ${reason}`,
    companion: 'Compagnon',
    pair: 'Appairer avec le compagnon',
    paired: 'Appairé avec le compagnon.',
    pairAgain: 'Appairer de nouveau',
    pairingWhy:
      'WWE joint ce softphone par le compagnon de ce PC\u00a0; tant qu’ils ne sont pas appairés, WWE ne peut pas l’utiliser. Le bouton ouvre la fenêtre du compagnon, où vous saisissez le code affiché ici.',
    pairingBlocked:
      'La fenêtre d’appairage a été bloquée\u00a0; autorisez les fenêtres pop-up pour ce site et réessayez.',
    pairingCode: 'Saisissez ce code dans la fenêtre du compagnon\u00a0:',
    pairingUnreachable:
      'Le compagnon n’a pas répondu. Vérifiez qu’il est démarré et que son adresse dans ces paramètres est correcte.',
    pairingCancelled: 'Appairage annulé\u00a0: la fenêtre du compagnon a été fermée avant la confirmation du code.',
    pairingTimeout: 'L’appairage a pris trop de temps et a expiré. Recommencez.',
    pairingRefused: (code, message) =>
      ({
        OTHER_OS_USER:
          'Ce compagnon appartient à un autre utilisateur de cet ordinateur. Indiquez dans ces paramètres l’adresse de votre propre compagnon (son port).',
        PEER_UNVERIFIED: `Le compagnon n’a pas pu vérifier que ce navigateur s’exécute sous votre utilisateur. ${message}`,
        PAIRING_EXPIRED: 'La demande d’appairage a expiré avant d’être confirmée. Recommencez.',
        PAIRING_UNKNOWN: 'La demande d’appairage n’est plus valable (code mal saisi trop souvent\u00a0?). Recommencez.',
        PAIRING_BUSY: 'Trop de demandes d’appairage sont en cours. Patientez quelques minutes et réessayez.',
      })[code] ?? `Le compagnon a refusé l’appairage\u00a0: ${message}`,
    notifications: 'Notifications',
    enableNotifications: 'Autoriser les notifications d’appel',
    notificationsOn: 'Les notifications d’appel sont activées',
    notificationsDenied: 'Les notifications sont bloquées dans les paramètres du navigateur',
    notificationsUnsupported: 'Ce navigateur ne peut pas afficher de notifications',
  },

  lineCard: {
    line: (n) => `Ligne ${n}`,
    swap: 'Basculer sur cet appel',
  },

  connectionSettings: {
    hint: 'Passerelle, compagnon et TURN, réglés une fois (en général par votre administrateur)',
    managed: 'Géré par votre administrateur',
    setByAdmin: 'fixé par votre administrateur',
  },

  banner: {
    update: 'Mise à jour prête',
    updateReload: 'Recharger',
    updateWaitsForCall: 'Une mise à jour est prête\u00a0; elle sera proposée à la fin de l’appel.',
    sound: 'Le son est bloqué par le navigateur.',
    soundEnable: 'Cliquez pour activer le son',
    follower: 'Actif dans une autre fenêtre.',
    takeOver: 'Utiliser cette fenêtre',
    starting: 'Démarrage du téléphone…',
    sinkFallback: (device) =>
      `Le périphérique audio «\u00a0${device}\u00a0» n’est pas disponible\u00a0; le périphérique par défaut est utilisé à la place.`,
    micDenied:
      'L’accès au microphone n’est pas autorisé\u00a0: impossible de répondre aux appels tant qu’il ne l’est pas.',
    micAllow: 'Autoriser le microphone',
    offline: 'La passerelle est injoignable. Les appels fonctionneront de nouveau au retour du réseau.',
    unpaired: 'Ce softphone n’est pas appairé avec le compagnon de ce PC, donc WWE ne peut pas l’utiliser.',
    unpairedAction: 'Aller à l’appairage',
    companionDown:
      'Le compagnon de ce PC n’est pas démarré\u00a0: WWE ne peut donc pas utiliser ce softphone. Lancez «\u00a0WebRTC Gateway Bridge\u00a0» depuis le menu Démarrer de Windows\u00a0; ce message disparaît de lui-même dès qu’il tourne. S’il revient, appelez votre support informatique.',
    dismiss: 'Fermer',
    actionFailed: (reason) => `L’action a échoué\u00a0: ${reason}`,
  },

  sipCredentials: {
    passwordTitle: (dn) => `Mot de passe du DN ${dn}`,
    passwordWhy: (dn) =>
      `Ce softphone doit enregistrer le DN ${dn}, mais aucun mot de passe n’est enregistré pour lui sur ce PC. Saisissez son mot de passe SIP\u00a0: il est conservé chiffré et ne vous sera plus demandé.`,
    passwordKeeps: (dn) => `Le DN ${dn} reste enregistré jusqu’à votre confirmation.`,
    dn: 'DN',
    password: 'Mot de passe SIP',
    register: 'Enregistrer',
    notNow: 'Plus tard',
    failed: (cause) => `Échec de l’enregistrement\u00a0: ${cause}. Vérifiez le mot de passe et réessayez.`,
    turnUserMissing: (urls) =>
      `Un serveur TURN demande un nom d’utilisateur TURN\u00a0: saisissez-le pour ${urls}, ou retirez l’URL TURN.`,
  },

  help: {
    title: 'Raccourcis clavier',
    close: 'Fermer',
    rows: [
      ['Entrée', 'Appeler le numéro, ou décrocher l’appel qui sonne'],
      ['Échap', 'Raccrocher, ou refuser l’appel qui sonne'],
      ['H', 'Mettre en attente ou reprendre l’appel en cours'],
      ['M', 'Couper ou rétablir le micro'],
      ['T', 'Transférer l’appel en cours (saisissez le numéro, Entrée transfère, Échap annule)'],
      ['0–9, *, #', 'Saisir dans le clavier de numérotation, ou envoyer des tonalités pendant un appel'],
      ['?', 'Afficher cette liste'],
    ],
  },
  endpointPolicies: {
    silent: (seconds) =>
      `Aucun son ne vous parvient de votre correspondant depuis ${seconds}\u00a0: l’appel est peut-être coupé. Demandez s’il vous entend, ou raccrochez et rappelez.`,
    vqAlarm: 'Alarme de qualité vocale\u00a0: l’appel est en dessous de la qualité exigée par votre centre de contact.',
    deviceRulesLabel: 'Périphériques choisis par votre centre de contact',
    roles: { input: 'Microphone', output: 'Haut-parleur', ring: 'Sonnerie' },
    deviceRulePicked: (role, device, rule) =>
      `${role}\u00a0: ${device}, choisi par la règle «\u00a0${rule}\u00a0» de votre centre de contact.`,
    deviceRuleUnmatched: (role, rule) =>
      `${role}\u00a0: aucun périphérique ne correspond à la règle «\u00a0${rule}\u00a0» de votre centre de contact\u00a0; le périphérique par défaut du système est utilisé.`,
    deviceRulesOwnChoice:
      'Votre propre choix ci-dessous ne s’applique que là où votre centre de contact n’a fixé aucune règle.',
    headsetMissing: (rule) =>
      `Aucun casque correspondant à «\u00a0${rule}\u00a0» n’est branché\u00a0: votre centre de contact refuse les appels tant qu’il n’y en a pas.`,
  },
};
