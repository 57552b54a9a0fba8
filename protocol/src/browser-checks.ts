/**
 * What the softphone can tell about its browser's policies, for the dashboard's connection test and
 * the support bundle (docs/browser-behaviour.md): its permission to reach the companion on 127.0.0.1
 * (Local Network Access) and whether it may play the ringer without a click (autoplay). `unknown` is
 * what a browser that reports neither, or a softphone too old to answer, leaves.
 */
import * as v from 'valibot';

export const LoopbackPermissionSchema = v.picklist(['granted', 'prompt', 'denied', 'unknown']);
export type LoopbackPermission = v.InferOutput<typeof LoopbackPermissionSchema>;

/** `navigator.getAutoplayPolicy('mediaelement')`'s answers, and `unknown`. */
export const AutoplayPolicySchema = v.picklist(['allowed', 'allowed-muted', 'disallowed', 'unknown']);
export type AutoplayPolicy = v.InferOutput<typeof AutoplayPolicySchema>;

export const BrowserChecksSchema = v.object({
  localNetworkAccess: LoopbackPermissionSchema,
  autoplay: AutoplayPolicySchema,
});
export type BrowserChecks = v.InferOutput<typeof BrowserChecksSchema>;

export const UNKNOWN_BROWSER_CHECKS: BrowserChecks = { localNetworkAccess: 'unknown', autoplay: 'unknown' };
