/**
 * What body-parser and raw-body need of iconv-lite (`encodingExists`, `decode`, `getDecoder`), served by
 * the runtime's own WHATWG `TextDecoder` instead of iconv-lite's 480 KB of legacy code tables. The
 * companion's edge parses JSON only, and express.json refuses every charset but UTF-8/16/32 before it
 * decodes, so the tables are never read; in the shipped bundle they cost 2.3 MB of idle memory and
 * compile time at every start. Only the packaged bundle uses this (lean-dependencies.ts); the
 * error message mirrors iconv-lite's, which raw-body matches to answer 415 for an unknown charset.
 */

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    throw new Error(`Encoding not recognized: '${encoding}' (searched as: '${encoding.toLowerCase()}')`);
  }
}

export function encodingExists(encoding: string): boolean {
  try {
    decoderFor(encoding);
    return true;
  } catch {
    return false;
  }
}

export function decode(bytes: Uint8Array, encoding: string): string {
  return decoderFor(encoding).decode(bytes);
}

/** A streaming decoder: characters split across chunks are joined, as iconv-lite's decoders do. */
export function getDecoder(encoding: string): { write(chunk: Uint8Array): string; end(): string } {
  const decoder = decoderFor(encoding);
  return {
    write: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}
