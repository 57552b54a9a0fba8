/**
 * Routes a media element to an output device. Falls back to the default device when the chosen one
 * is unplugged or held by another program (setSinkId then rejects with NotFoundError or AbortError); returns
 * false then, so the caller can tell the agent.
 */
export async function setSink(element: HTMLMediaElement, deviceId: string | undefined): Promise<boolean> {
  if (!('setSinkId' in element)) {
    return true; // not supported: the default device plays
  }
  const wanted = deviceId ?? '';
  if (element.sinkId === wanted) {
    return true;
  }
  try {
    await element.setSinkId(wanted);
    return true;
  } catch {
    await element.setSinkId('').catch(() => undefined);
    return false;
  }
}
