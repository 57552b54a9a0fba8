/**
 * Keeps the device rules' plan (device-rules.ts) current: re-evaluated at start, on every device
 * plug/unplug and whenever the endpoint settings change. A rule that matches nothing is logged once
 * per evaluation that changes the plan.
 */
import type { EndpointSettings } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import { devicePlan, type DevicePlan } from './device-rules.ts';
import type { LocalMediaPort } from './media-port.ts';

export type DeviceRulesWatchDeps = {
  media: LocalMediaPort;
  log: Logger;
  /** The device rules now. */
  rules(): EndpointSettings['device'];
  /** The plan changed. */
  onChange(plan: DevicePlan): void;
};

export class DeviceRulesWatch {
  #plan: DevicePlan | null = null;
  readonly #off: () => void;

  constructor(private readonly deps: DeviceRulesWatchDeps) {
    this.#off = deps.media.onDeviceChange?.(() => this.refresh()) ?? (() => undefined);
    this.refresh();
  }

  /** Null until the device list was read once. */
  get plan(): DevicePlan | null {
    return this.#plan;
  }

  refresh(): void {
    this.deps.media
      .enumerateDevices()
      .then((devices) => {
        const plan = devicePlan(this.deps.rules(), devices);
        if (JSON.stringify(plan) === JSON.stringify(this.#plan)) {
          return;
        }
        this.#plan = plan;
        for (const [role, pick] of Object.entries(plan.roles)) {
          if (pick.by === 'unmatched') {
            this.deps.log.warn(`device rule '${pick.rule}' (${role}) matches no device: the system default is used`);
          }
        }
        this.deps.onChange(plan);
      })
      .catch((error: unknown) => this.deps.log.warn('device list unavailable for the device rules', error));
  }

  stop(): void {
    this.#off();
  }
}
