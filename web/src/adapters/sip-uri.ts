/** SIP URIs from what the agent or WWE typed and from RegisterDn's server address. Pure. */

/** The AOR host of `host`, `host:port` or `[v6]:port`. */
export function aorHost(server: string): string {
  return server.startsWith('[') ? server.slice(0, server.indexOf(']') + 1) : (server.split(':')[0] ?? server);
}

/** A dial target as a SIP URI: `sip:` URIs as they are, `user@host` prefixed, a bare user at the AOR host. */
export function targetUri(target: string, server: string | undefined): string {
  if (target.startsWith('sip:')) {
    return target;
  }
  if (target.includes('@') || server === undefined) {
    return `sip:${target}`;
  }
  return `sip:${target}@${aorHost(server)}`;
}
