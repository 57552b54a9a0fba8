// Time-limited credentials the gateway issues, in the TURN REST scheme: user "<expiry unix seconds>:<name>",
// password base64(HMAC-SHA1(secret, user)). nginx (njs) answers
//   GET /turn-credentials       → {iceServers, ttl}   (coturn checks them with use-auth-secret),
//   GET /sip-credentials?dn=<DN> → {username, password, ttl}  (Kamailio checks them with auth_ephemeral).
// The secrets never leave the gateway. A real gateway puts these locations behind the site's own
// authentication (auth_request, SSO) so only its agents get them, and issues SIP credentials only for
// the DN that authentication names (docs/admin-guide.md, "SIP credentials").
const crypto = require('crypto');

const DN = /^[A-Za-z0-9_.+-]{1,64}$/;

function signed(secret, ttl, name) {
  const username = `${Math.floor(Date.now() / 1000) + ttl}:${name}`;
  return { username, password: crypto.createHmac('sha1', secret).update(username).digest('base64') };
}

function json(r, status, body) {
  r.headersOut['Content-Type'] = 'application/json';
  r.return(status, JSON.stringify(body));
}

function onlyGet(r) {
  if (r.method === 'GET') {
    return true;
  }
  json(r, 405, { error: 'method_not_allowed', message: 'use GET' });
  return false;
}

function credentials(r) {
  if (!onlyGet(r)) {
    return;
  }
  const ttl = Number(r.variables.turn_ttl);
  const turn = signed(r.variables.turn_secret, ttl, 'wgb');
  const urls = r.variables.turn_urls.split(' ');
  json(r, 200, { iceServers: [{ urls, username: turn.username, credential: turn.password }], ttl });
}

function sipCredentials(r) {
  if (!onlyGet(r)) {
    return;
  }
  const dn = r.args.dn;
  if (typeof dn !== 'string' || !DN.test(dn)) {
    json(r, 400, { error: 'bad_dn', message: 'dn must be 1 to 64 letters, digits or _.+- (the DN to register)' });
    return;
  }
  const ttl = Number(r.variables.sip_credentials_ttl);
  const sip = signed(r.variables.sip_credentials_secret, ttl, dn);
  json(r, 200, { username: sip.username, password: sip.password, ttl });
}

export default { credentials, sipCredentials };
