/** The Spanish catalog (messages.ts has the English one and the shape). */
import { isAuthCause, type Messages } from './messages.ts';

export const es: Messages = {
  appName: 'WebRTC Gateway Bridge',
  appShortName: 'Softphone',
  startFailed: (reason) =>
    `WebRTC Gateway Bridge no pudo iniciarse: ${reason}. Vuelva a cargar la página para intentarlo de nuevo.`,

  nav: {
    label: 'Secciones',
    phone: 'Teléfono',
    history: 'Historial',
    settings: 'Configuración',
    help: 'Atajos de teclado',
  },

  status: {
    label: 'Estado de la conexión',
    companion: 'Complemento',
    sip: 'SIP',
    peerSite: 'Sitio de respaldo',
    wwe: 'WWE',
    link: {
      offline: 'sin conexión',
      connecting: 'conectando…',
      open: 'conectado, esperando el saludo inicial',
      ready: 'conectado',
      backoff: 'reconectando…',
      down: 'no se está ejecutando en este PC',
      replaced: 'tomado por otra ventana',
      unpaired: 'sin vincular',
      mismatch: 'versiones incompatibles — actualice el complemento o vuelva a cargar',
    },
    transport: {
      disconnected: 'pasarela inaccesible',
      connecting: 'conectando con la pasarela…',
      connected: 'pasarela conectada',
    },
    registration: {
      unregistered: 'no registrado',
      registering: (dn) => `registrando el DN ${dn}…`,
      registered: (dn) => `registrado como DN ${dn}`,
      unregistering: (dn) => `cancelando el registro del DN ${dn}…`,
      failed: (cause, dn) =>
        isAuthCause(cause)
          ? `Error de registro: ${cause} — compruebe la contraseña del DN ${dn} en Configuración`
          : `Error de registro: ${cause} — compruebe la URL de la pasarela en Configuración o inténtelo de nuevo`,
      retryAt: (time) => `nuevo intento a las ${time}`,
      gatewayBusy: (seconds) => `pasarela ocupada — nuevo intento en ${seconds} s`,
    },
    linkBlocked:
      'el navegador indica que el acceso a la red local está bloqueado; si la vinculación falla, permítalo en la configuración del sitio',
    wweSession: {
      idle: 'sin sesión (WWE no ha contactado con el complemento)',
      active: 'con sesión — WWE consulta el complemento',
      lost: 'WWE dejó de consultar el complemento',
    },
    wweUnknown: 'desconocido (complemento sin enlazar)',
  },

  register: {
    legend: 'Registrarse sin WWE',
    dn: 'DN',
    server: 'Servidor SIP',
    password: 'Contraseña (se guarda cifrada; déjela vacía para conservar la guardada)',
    submit: 'Registrarse',
    unregister: 'Cancelar registro',
    confirmUnregister: (calls) =>
      calls === 1
        ? 'Cancelar el registro finaliza su llamada.'
        : `Cancelar el registro finaliza sus ${calls} llamadas.`,
    keepRegistered: 'Seguir registrado',
    unregisterAnyway: 'Cancelar registro y colgar',
  },

  dial: {
    label: 'Teclado de marcación',
    input: 'Número al que llamar',
    placeholder: 'Número o extensión',
    call: 'Llamar',
    callSecondLine: 'Llamar por la segunda línea',
    linesBusy: 'Las dos líneas están ocupadas: finalice o transfiera una llamada para hacer otra.',
    redial: 'Rellamar',
    redialTo: (target) => `Volver a marcar ${target}`,
    backspace: 'Borrar el último dígito',
    invalid: 'Introduzca un número: dígitos, letras, + * # . _ -',
    linesFull: 'Las dos líneas están ocupadas',
  },

  call: {
    panelLabel: (remote) => `Llamada con ${remote}`,
    state: {
      incoming: 'Entrante',
      dialing: 'Marcando…',
      ringing: 'Sonando…',
      answering: 'Conectando…',
      active: 'En conversación',
      ending: 'Finalizando…',
      ended: 'Finalizada',
    },
    held: 'En espera',
    holdPending: 'Actualizando la espera…',
    muted: 'Silenciado',
    hold: 'Poner en espera',
    resume: 'Recuperar',
    mute: 'Silenciar',
    unmute: 'Activar micrófono',
    hangup: 'Colgar',
    keypad: 'Teclado',
    hideKeypad: 'Ocultar teclado',
    dtmfLabel: 'Enviar tonos',
    genesysUuid: 'Llamada de Genesys',
    timer: 'Duración de la llamada',
    secondLine: 'Segunda línea',
    quality: (mos) => `Calidad (MOS) ${mos}`,
    transfer: 'Transferir',
    transferLabel: 'Transferir la llamada',
    transferTarget: 'Transferir al número',
    transferBlind: 'Transferir ahora',
    transferAttended: (other) => `Transferir a la otra línea (${other})`,
    transferCancel: 'Cancelar',
    transferInvalid: 'Introduzca el número al que transferir',
    transferredTo: (target) => `Transferida a ${target}`,
    transferredNotice: (caller, target) => `Llamada con ${caller} transferida a ${target}`,
    dtmfSent: (digits) => `Enviado: ${digits}`,
    volume: 'Volumen del altavoz',
  },

  missed: {
    label: 'Llamadas perdidas',
    from: (caller) => `Llamada perdida de ${caller}`,
    more: (count) => (count === 1 ? 'y 1 llamada perdida más' : `y ${count} llamadas perdidas más`),
    callBack: 'Devolver la llamada',
    callBackTo: (remote) => `Devolver la llamada a ${remote}`,
    show: 'Ver en el historial',
    dismiss: 'Descartar',
    badge: (count) => (count === 1 ? '1 llamada perdida' : `${count} llamadas perdidas`),
    notificationTitle: 'Llamada perdida',
    notificationBody: (caller) => `${caller} colgó antes de que contestara`,
  },

  quality: {
    label: 'Calidad de la llamada',
    waiting: 'Midiendo la calidad de la llamada…',
    mos: 'MOS',
    jitter: 'Fluctuación',
    loss: 'Pérdida',
    rtt: 'RTT',
    unknown: '—',
    trend: (points) => `Evolución de la calidad en las últimas ${points} muestras`,
    warning: (loss, jitter) =>
      `La calidad de la llamada es mala (pérdida ${loss}, fluctuación ${jitter}): es posible que el interlocutor no le oiga bien. Compruebe la red o los auriculares.`,
  },

  devices: {
    micLevel: 'Nivel del micrófono',
    micTestStart: 'Probar el micrófono',
    micTestStop: 'Detener la prueba del micrófono',
    micTestFailed: (reason) => `No se pudo abrir el micrófono: ${reason}`,
    testTone: {
      output: 'Reproducir un tono de prueba en el altavoz',
      ring: 'Reproducir un tono de prueba en el dispositivo de timbre',
    },
  },

  incoming: {
    label: 'Llamada entrante',
    from: (caller) => `Llamada entrante de ${caller}`,
    answer: 'Contestar',
    decline: 'Rechazar',
    notificationTitle: 'Llamada entrante',
    notificationBody: (caller) => `${caller} le está llamando`,
  },

  history: {
    label: 'Historial de llamadas',
    search: 'Buscar en el historial',
    searchPlaceholder: 'Número o nombre',
    missedOnly: 'Solo perdidas',
    empty: 'Todavía no hay llamadas',
    noMatch: 'Ninguna llamada coincide',
    redial: (remote) => `Volver a llamar a ${remote}`,
    redialShort: 'Llamar',
    inbound: 'Entrante',
    outbound: 'Saliente',
    missed: 'Perdida',
    transferred: (target) => `Transferida a ${target}`,
    loading: 'Cargando el historial…',
  },

  settings: {
    title: 'Configuración',
    connection: 'Conexión',
    sipWebSocketUrl: 'URL WebSocket de la pasarela (WSS)',
    sipWebSocketUrlList:
      'Una o varias URL wss:// separadas por espacios, por orden de preferencia: el teléfono usa la primera que responde y vuelve a una anterior cuando esta responde de nuevo',
    companionUrl: 'URL del complemento',
    fromGateway: (value) => `Vacío: ${value} (de la pasarela)`,
    iceServers: 'Servidores STUN/TURN (una URL por línea)',
    iceUsername: 'Usuario TURN',
    iceCredential: 'Contraseña TURN (nunca se muestra; déjela vacía para conservarla)',
    turnCredentialsUrl: 'Credenciales TURN de la pasarela (URL)',
    iceTransportPolicy: 'Ruta de los medios',
    icePolicy: { all: 'Directa o a través de TURN', relay: 'Solo a través de TURN' },
    credentials: 'Credenciales por DN',
    credentialDn: 'DN',
    credentialAuthUser: 'Usuario de autorización (opcional)',
    credentialPassword: 'Contraseña',
    credentialSaved: 'contraseña guardada',
    credentialAdd: 'Guardar credencial',
    credentialRemove: (dn) => `Eliminar la credencial del DN ${dn}`,
    noCredentials: 'No hay credenciales guardadas',
    calls: 'Llamadas',
    dtmfMode: 'Modo DTMF',
    dtmf: { rfc4733: 'RFC 4733 (en el audio)', info: 'SIP INFO' },
    audioCodecs: 'Códecs de audio',
    codecPreset: { opus: 'Opus primero, G.711 como respaldo', g711: 'Solo G.711' },
    autoAnswer: 'Respuesta automática',
    autoAnswerPolicy: { never: 'Nunca', 'when-requested': 'Cuando WWE o la llamada lo pidan', always: 'Siempre' },
    audio: 'Procesamiento de audio',
    echoCancellation: 'Cancelación de eco',
    noiseSuppression: 'Supresión de ruido',
    autoGainControl: 'Control automático de ganancia',
    devices: 'Dispositivos de audio',
    devicesApplyAtOnce: 'Los cambios aquí se aplican al instante; no hay nada que guardar.',
    microphone: 'Micrófono',
    speaker: 'Altavoz',
    ringDevice: 'Dispositivo de timbre',
    defaultDevice: 'Predeterminado del sistema',
    unnamedDevice: (kind, n) => `${kind} ${n}`,
    devicesNeedPermission: 'Los nombres de los dispositivos aparecen cuando se permite el micrófono.',
    refreshDevices: 'Actualizar dispositivos',
    theme: 'Tema',
    themes: { system: 'Según el sistema', light: 'Claro', dark: 'Oscuro' },
    language: 'Idioma',
    languageAuto: 'Idioma del navegador',
    languageFromWwe: (name) => `WWE establece el idioma: ${name}. Su elección se aplica cuando WWE no indica ninguno.`,
    save: 'Guardar configuración',
    savedWith: (button) => `Esta configuración se aplica al pulsar «${button}» al final.`,
    saved: 'Configuración guardada',
    saveFailed: (reason) => `No se guardó la configuración: ${reason}`,
    companion: 'Complemento',
    pair: 'Vincular con el complemento',
    paired: 'Vinculado con el complemento.',
    pairAgain: 'Volver a vincular',
    pairingWhy:
      'WWE llega a este softphone a través del complemento de este PC; mientras no estén vinculados, WWE no puede usarlo. El botón abre la ventana del complemento, donde debe escribir el código que se muestra aquí.',
    pairingBlocked:
      'Se bloqueó la ventana de vinculación; permita las ventanas emergentes para este sitio e inténtelo de nuevo.',
    pairingCode: 'Escriba este código en la ventana del complemento:',
    pairingUnreachable:
      'El complemento no respondió. Compruebe que se está ejecutando y que su dirección en esta configuración es correcta.',
    pairingCancelled: 'Se canceló la vinculación: la ventana del complemento se cerró antes de confirmar el código.',
    pairingTimeout: 'La vinculación tardó demasiado y caducó. Vuelva a empezar.',
    pairingRefused: (code, message) =>
      ({
        OTHER_OS_USER:
          'Este complemento pertenece a otro usuario de este equipo. Indique en esta configuración la dirección de su propio complemento (su puerto).',
        PEER_UNVERIFIED: `El complemento no pudo comprobar que este navegador se ejecuta con su usuario. ${message}`,
        PAIRING_EXPIRED: 'La solicitud de vinculación caducó antes de confirmarse. Vuelva a empezar.',
        PAIRING_UNKNOWN:
          'La solicitud de vinculación ya no es válida (¿se escribió mal el código demasiadas veces?). Vuelva a empezar.',
        PAIRING_BUSY: 'Hay demasiados intentos de vinculación abiertos. Espere unos minutos e inténtelo de nuevo.',
      })[code] ?? `El complemento rechazó la vinculación: ${message}`,
    notifications: 'Notificaciones',
    enableNotifications: 'Permitir notificaciones de llamadas',
    notificationsOn: 'Las notificaciones de llamadas están activadas',
    notificationsDenied: 'Las notificaciones están bloqueadas en la configuración del navegador',
    notificationsUnsupported: 'Este navegador no puede mostrar notificaciones',
  },

  lineCard: {
    line: (n) => `Línea ${n}`,
    swap: 'Cambiar a esta llamada',
  },

  connectionSettings: {
    hint: 'Pasarela, compañero y TURN, configurados una vez (normalmente por su administrador)',
    managed: 'Gestionado por su administrador',
    setByAdmin: 'fijado por su administrador',
  },

  banner: {
    update: 'Actualización lista',
    updateReload: 'Volver a cargar',
    updateWaitsForCall: 'Hay una actualización lista; se ofrecerá cuando termine la llamada.',
    sound: 'El navegador bloquea el sonido.',
    soundEnable: 'Haga clic para activar el sonido',
    follower: 'Activo en otra ventana.',
    takeOver: 'Usar esta ventana',
    starting: 'Iniciando el teléfono…',
    sinkFallback: (device) =>
      `El dispositivo de audio «${device}» no está disponible; se usa el dispositivo predeterminado.`,
    micDenied: 'No se ha concedido acceso al micrófono: no se pueden contestar llamadas hasta que se permita.',
    micAllow: 'Permitir el micrófono',
    offline: 'La pasarela es inaccesible. Las llamadas volverán a funcionar cuando vuelva la red.',
    unpaired: 'Este softphone no está vinculado con el complemento de este PC, así que WWE no puede usarlo.',
    unpairedAction: 'Ir a la vinculación',
    companionDown:
      'El complemento de este PC no se está ejecutando, por lo que WWE no puede usar este softphone. Inicie «WebRTC Gateway Bridge» desde el menú Inicio de Windows; este mensaje desaparece solo en cuanto se ejecute. Si vuelve a aparecer, llame a su servicio de asistencia.',
    dismiss: 'Cerrar',
    actionFailed: (reason) => `No funcionó: ${reason}`,
  },

  sipCredentials: {
    passwordTitle: (dn) => `Contraseña del DN ${dn}`,
    passwordWhy: (dn) =>
      `Se pide a este softphone registrar el DN ${dn}, pero no hay contraseña guardada para él en este PC. Escriba su contraseña SIP: se guarda cifrada y no se le volverá a pedir.`,
    passwordKeeps: (dn) => `El DN ${dn} sigue registrado hasta que confirme.`,
    dn: 'DN',
    password: 'Contraseña SIP',
    register: 'Registrar',
    notNow: 'Ahora no',
    failed: (cause) => `Error de registro: ${cause}. Compruebe la contraseña e inténtelo de nuevo.`,
    turnUserMissing: (urls) =>
      `Un servidor TURN necesita un nombre de usuario TURN: escríbalo para ${urls} o quite la URL TURN.`,
  },

  help: {
    title: 'Atajos de teclado',
    close: 'Cerrar',
    rows: [
      ['Intro', 'Llamar al número o contestar la llamada que suena'],
      ['Esc', 'Colgar o rechazar la llamada que suena'],
      ['H', 'Poner en espera o recuperar la llamada activa'],
      ['M', 'Silenciar o activar el micrófono'],
      ['T', 'Transferir la llamada activa (escriba el número, Intro transfiere, Esc cancela)'],
      ['0–9, *, #', 'Escribir en el teclado de marcación o enviar tonos durante una llamada'],
      ['?', 'Mostrar esta lista'],
    ],
  },
  endpointPolicies: {
    silent: (seconds) =>
      `No le llega audio del otro lado desde hace ${seconds}: puede que la llamada esté cortada. Pregunte si le oyen, o cuelgue y vuelva a llamar.`,
    vqAlarm: 'Alarma de calidad de voz: la llamada suena peor de lo que permite su centro de contacto.',
    deviceRulesLabel: 'Dispositivos elegidos por su centro de contacto',
    roles: { input: 'Micrófono', output: 'Altavoz', ring: 'Timbre' },
    deviceRulePicked: (role, device, rule) =>
      `${role}: ${device}, elegido por la regla «${rule}» de su centro de contacto.`,
    deviceRuleUnmatched: (role, rule) =>
      `${role}: ningún dispositivo coincide con la regla «${rule}» de su centro de contacto; se usa el predeterminado del sistema.`,
    deviceRulesOwnChoice:
      'Su propia elección de abajo solo se aplica donde su centro de contacto no fijó ninguna regla.',
    headsetMissing: (rule) =>
      `No hay conectado ningún auricular que coincida con «${rule}»: su centro de contacto rechaza las llamadas hasta que se conecte uno.`,
  },
};
