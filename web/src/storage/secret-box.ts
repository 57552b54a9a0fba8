/**
 * Encryption at rest for secrets in IndexedDB: AES-GCM with a NON-EXTRACTABLE key that lives in
 * IndexedDB itself. Script on this origin can use the key (it must, to register) but cannot export it,
 * so the values never appear in clear in rows, logs or screens. It does NOT protect a copied browser
 * profile: Chromium stores the key's raw bytes in the same IndexedDB files as the ciphertext. See
 * docs/architecture.md ("Secrets in the PWA") for exactly what is and is not protected.
 */

/** An encrypted blob as stored: 96-bit IV and ciphertext. */
export type Sealed = { iv: Uint8Array; data: ArrayBuffer };

export interface SecretBox {
  seal(plain: string): Promise<Sealed>;
  open(sealed: Sealed): Promise<string>;
}

/** Loads the key with `load`, or generates a non-extractable one and saves it with `save`. */
export async function createSecretBox(
  load: () => Promise<CryptoKey | undefined>,
  save: (key: CryptoKey) => Promise<void>,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<SecretBox> {
  let key = await load();
  if (!key) {
    key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await save(key);
  }
  const fixedKey = key;
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await subtle.encrypt({ name: 'AES-GCM', iv }, fixedKey, new TextEncoder().encode(plain));
      return { iv, data };
    },
    async open(sealed) {
      const plain = await subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> },
        fixedKey,
        sealed.data,
      );
      return new TextDecoder().decode(plain);
    },
  };
}

/** Checks that a stored value still looks like a `Sealed` (rows are validated on read). */
export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as { iv?: unknown; data?: unknown };
  return candidate.iv instanceof Uint8Array && candidate.iv.length === 12 && candidate.data instanceof ArrayBuffer;
}
