// Time-limited TURN credentials for the PWA (the TURN REST scheme coturn checks with use-auth-secret):
// username "<expiry unix seconds>:wgb", password base64(HMAC-SHA1(secret, username)). nginx (njs)
// answers GET /turn-credentials with them; the secret never leaves the gateway. A real gateway puts
// this location behind the site's own authentication (auth_request, SSO) so only its agents get them.
const crypto = require('crypto');

function credentials(r) {
  if (r.method !== 'GET') {
    r.return(405, JSON.stringify({ error: 'method_not_allowed', message: 'use GET' }));
    return;
  }
  const ttl = Number(r.variables.turn_ttl);
  const username = `${Math.floor(Date.now() / 1000) + ttl}:wgb`;
  const credential = crypto.createHmac('sha1', r.variables.turn_secret).update(username).digest('base64');
  const urls = r.variables.turn_urls.split(' ');
  r.headersOut['Content-Type'] = 'application/json';
  r.return(200, JSON.stringify({ iceServers: [{ urls, username, credential }], ttl }));
}

export default { credentials };
