/**
 * The effective endpoint settings as the dashboard shows them: every field with its value, where it
 * came from (default, machine, WWE) and when the softphone applies it; then WWE's keys that are not
 * applied (refused values, keys with no browser meaning, unknown keys), each with the reason.
 */
import type { SettingSource } from '../../../protocol/src/index.ts';
import { fieldEffect, type EffectiveSettings, type SettingEffect } from '../wwe/known-settings.ts';

export interface SettingRow {
  field: string;
  value: string;
  source: SettingSource;
  applies: string;
}

export interface OtherKeyRow {
  key: string;
  value: string;
  source: string;
  note: string;
}

const APPLIES: Record<SettingEffect, string> = {
  live: 'now',
  'next-call': 'from the next call',
  stored: 'kept, not applied yet',
  'not-applicable': 'not applicable in a browser endpoint',
  companion: 'by the companion',
};

function valueAt(settings: EffectiveSettings['settings'], path: string): unknown {
  return path.split('.').reduce<unknown>((at, name) => (at as Record<string, unknown> | undefined)?.[name], settings);
}

export function settingRows({ settings, sources }: EffectiveSettings): SettingRow[] {
  return Object.entries(sources).map(([field, source]) => ({
    field,
    value: JSON.stringify(valueAt(settings, field)),
    source,
    applies: APPLIES[fieldEffect(field)],
  }));
}

export function otherKeyRows({ reports }: EffectiveSettings): OtherKeyRow[] {
  return reports.flatMap((report) => {
    const note =
      report.refused !== undefined
        ? `refused: ${report.refused}`
        : report.effect === 'unknown'
          ? 'unknown to this endpoint: kept'
          : report.effect === 'not-applicable' || report.effect === 'stored'
            ? APPLIES[report.effect]
            : null;
    return note === null ? [] : [{ key: report.key, value: JSON.stringify(report.value), source: report.source, note }];
  });
}
