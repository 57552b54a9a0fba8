/**
 * The PWA's recent log lines as the companion fetches them for the support bundle (`getLog`), one page
 * at a time so every response frame stays well under the relay's frame limit: a page holds the newest
 * lines older than `beforeId` (all lines when absent), oldest first, and `more` says older lines remain.
 */
import * as v from 'valibot';

export const PWA_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A stored line's text is cut to this many characters. */
export const MAX_PWA_LOG_TEXT = 1_000;
/** A page's lines, serialised, stay under this many UTF-8 bytes (the relay frame limit is 64 KiB). */
export const PWA_LOG_PAGE_BYTES = 40 * 1024;

export const PwaLogLineSchema = v.object({
  /** Insertion order: a larger id is a newer line. */
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: v.number(),
  level: v.picklist(PWA_LOG_LEVELS),
  namespace: v.pipe(v.string(), v.maxLength(100)),
  text: v.pipe(v.string(), v.maxLength(MAX_PWA_LOG_TEXT)),
});
export type PwaLogLine = v.InferOutput<typeof PwaLogLineSchema>;

export const PwaLogPageParamsSchema = v.object({
  beforeId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type PwaLogPageParams = v.InferOutput<typeof PwaLogPageParamsSchema>;

export const PwaLogPageSchema = v.object({
  lines: v.array(PwaLogLineSchema),
  /** Older lines remain: ask again with `beforeId` = the first line's id. */
  more: v.boolean(),
});
export type PwaLogPage = v.InferOutput<typeof PwaLogPageSchema>;
