/** A fetch that answers every request with `body` as JSON and `status`, recording the URLs asked for. */
export function gateway(body: unknown, status = 200): { fetchFn: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchFn = ((url: string | URL) => {
    calls.push(String(url));
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  }) as typeof fetch;
  return { fetchFn, calls };
}
