/**
 * V8 heap sizing for a small, long-running local service, set from inside the process because the
 * packaged executable (a Node SEA) takes no node flags. Imported first by main.ts, so it runs before
 * the companion allocates anything of note.
 *
 * Why: by default V8 doubles the young generation (1 → 16 MB per semi-space, two semi-spaces) whenever
 * a burst keeps objects alive across scavenges, and never gives it back. WWE polls about twice a second
 * and never needs more than the first megabyte, but 200 requests a second grew the companion's RSS from
 * 58 to ≈ 100 MB (bench `rss-load`, budget ≤ 70 MB).
 * - `--semi-space-growth-factor=1`: the young generation keeps its start size. `--max-semi-space-size`
 *   would say the same more plainly, but V8 reads it only when the heap is created, before any script
 *   runs; the growth factor is read at each growth decision, so it takes effect from here.
 * - `--heap-growing-percent=50`: with a small young generation more objects are promoted, and V8's own
 *   old-generation step (up to 4× the live heap) let it swell to 26 MB for 6 MB live; 1.5× keeps it
 *   near 14 MB. `--optimize-for-size` bounds it as well but makes every full GC a compacting one
 *   (pauses of 10–30 ms, four times the full-GC time in the same run), which the relayed round trip's
 *   p99 cannot afford.
 * Measured on the bundle under the bench's 200 req/s load (the client of bench/figures/companion.ts
 * `rssFigures`) on a busy 2-core machine: max RSS 98–100 MB with V8's defaults, 86 MB with the growth
 * factor alone, 75–77 MB with both; 17 full GCs in that run (59 ms in all) instead of 6 (25 ms).
 * Scavenges get more frequent and much shorter, which suits the relayed round trip's p99: over 3000
 * `POST /dashboard/test` in a row (same busy machine) 259 scavenges of 0.5 ms on average (longest 5 ms)
 * and 6 full GCs (17 ms in all), against 26 scavenges of 6 ms (longest 13.5 ms) and 3 full GCs (7 ms)
 * with V8's defaults: about the same GC time, in pauses a tenth as long.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=50');
