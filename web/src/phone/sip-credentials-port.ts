/**
 * Where the phone gets short-lived SIP credentials for a DN from the gateway
 * (adapters/issued-sip-credentials.ts fetches them); rejects with a reason when it cannot.
 */
export type IssuedSipCredentials = {
  /** The digest user, `<expiry unix seconds>:<DN>`. */
  authorizationUser: string;
  password: string;
  /** When to fetch new ones: well before they expire. */
  renewInMs: number;
};

export interface SipCredentialsPort {
  issue(url: string, dn: string): Promise<IssuedSipCredentials>;
}
