/**
 * PE (Windows executable) work in pure JavaScript with resedit, so it runs on Linux: drop the OpenJS
 * Authenticode signature before injection (a stale signature would otherwise remain), then set the GUI
 * subsystem (no console window for a Run-key start) and our VERSIONINFO (Task Manager shows our name,
 * not "Node.js"). `inspectPe` is the static check CI runs on the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { NtExecutable, NtExecutableResource, Resource } from 'resedit';
import { SEA_FUSE } from './versions.ts';

const SUBSYSTEM_GUI = 2;
const SUBSYSTEM_CONSOLE = 3;
const RT_RCDATA = 10;
const LANG_EN_US = 1033;
const CODEPAGE_UNICODE = 1200;

/** Rewrites `input` to `output` without its certificate table (resedit drops it on generate). */
export function stripSignature(input: string, output: string): void {
  const exe = NtExecutable.from(readFileSync(input), { ignoreCert: true });
  writeFileSync(output, Buffer.from(exe.generate()));
}

export interface VersionStrings {
  productName: string;
  companyName: string;
  fileDescription: string;
  originalFilename: string;
  /** `major.minor.patch` */
  version: string;
}

/** Sets the GUI subsystem and replaces the version resource; the NODE_SEA_BLOB resource is kept. */
export function finishWindowsExe(file: string, strings: VersionStrings): void {
  const exe = NtExecutable.from(readFileSync(file));
  const res = NtExecutableResource.from(exe);
  const info = Resource.VersionInfo.fromEntries(res.entries)[0] ?? Resource.VersionInfo.createEmpty();
  for (const lang of info.getAvailableLanguages()) {
    for (const key of Object.keys(info.getStringValues(lang))) {
      info.removeStringValue(lang, key, false);
    }
  }
  const [major = 0, minor = 0, patch = 0] = strings.version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  info.setFileVersion(major, minor, patch, 0, LANG_EN_US);
  info.setProductVersion(major, minor, patch, 0, LANG_EN_US);
  info.setStringValues(
    { lang: LANG_EN_US, codepage: CODEPAGE_UNICODE },
    {
      ProductName: strings.productName,
      CompanyName: strings.companyName,
      FileDescription: strings.fileDescription,
      OriginalFilename: strings.originalFilename,
      InternalName: strings.originalFilename.replace(/\.exe$/i, ''),
      FileVersion: strings.version,
      ProductVersion: strings.version,
      LegalCopyright: `${strings.companyName}. Contains Node.js (MIT licence).`,
    },
  );
  info.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  exe.newHeader.optionalHeader.subsystem = SUBSYSTEM_GUI;
  writeFileSync(file, Buffer.from(exe.generate()));
}

/** What CI checks about the Windows executable. */
export interface PeFacts {
  isPe32Plus: boolean;
  isX64: boolean;
  subsystem: 'gui' | 'console' | `other:${number}`;
  hasSeaBlob: boolean;
  seaBlobBytes: number;
  seaFuseFlipped: boolean;
  hasCertificate: boolean;
  productName: string | undefined;
  fileVersion: string | undefined;
}

export function inspectPe(bytes: Buffer): PeFacts {
  if (bytes.readUInt16LE(0) !== 0x5a4d) {
    throw new Error('not a PE file (no MZ header)');
  }
  const peOffset = bytes.readUInt32LE(0x3c);
  if (bytes.readUInt32LE(peOffset) !== 0x00004550) {
    throw new Error('not a PE file (no PE signature)');
  }
  const machine = bytes.readUInt16LE(peOffset + 4);
  const optional = peOffset + 24;
  const magic = bytes.readUInt16LE(optional);
  const subsystemValue = bytes.readUInt16LE(optional + 68);
  // PE32+: data directories start at optional + 112; entry 4 is the certificate table (offset, size).
  const certSize = magic === 0x20b ? bytes.readUInt32LE(optional + 112 + 4 * 8 + 4) : 0;
  const exe = NtExecutable.from(bytes, { ignoreCert: true });
  const entries = NtExecutableResource.from(exe).entries;
  const blob = entries.find((e) => e.type === RT_RCDATA && e.id === 'NODE_SEA_BLOB');
  const info = Resource.VersionInfo.fromEntries(entries)[0];
  const lang = info?.getAvailableLanguages()[0];
  const strings = info && lang ? info.getStringValues(lang) : {};
  return {
    isPe32Plus: magic === 0x20b,
    isX64: machine === 0x8664,
    subsystem:
      subsystemValue === SUBSYSTEM_GUI
        ? 'gui'
        : subsystemValue === SUBSYSTEM_CONSOLE
          ? 'console'
          : `other:${subsystemValue}`,
    hasSeaBlob: blob !== undefined,
    seaBlobBytes: blob?.bin.byteLength ?? 0,
    seaFuseFlipped: bytes.includes(`${SEA_FUSE}:1`),
    hasCertificate: certSize > 0,
    productName: strings.ProductName,
    fileVersion: strings.FileVersion,
  };
}
