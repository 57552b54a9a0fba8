/**
 * Where the PWA is served: `/` or a sub-path such as `/wwe-webrtc-gateway/` (the build's `base`, from
 * WGB_BASE in web/vite.config.ts). Paths the app fetches on its own origin are resolved against it.
 * Outside a Vite build (unit tests under Node) there is no `import.meta.env`, and the app sits at `/`.
 */
export const BASE_URL: string = (import.meta.env as ImportMetaEnv | undefined)?.BASE_URL ?? '/';

/** `path` (no leading slash) under the app's base: `config.json` → `/wwe-webrtc-gateway/config.json`. */
export const underBase = (path: string): string => `${BASE_URL}${path}`;
