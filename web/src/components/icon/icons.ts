/**
 * The icons the PWA draws, by the job they do. Named imports from lucide's icon nodes, so the build
 * keeps only these; a control that needs a new picture adds it here.
 */
export {
  ArrowLeftRight as swapIcon,
  CircleHelp as helpIcon,
  Grid3x3 as keypadIcon,
  History as historyIcon,
  Mic as unmuteIcon,
  MicOff as muteIcon,
  Pause as holdIcon,
  Phone as callIcon,
  PhoneForwarded as transferIcon,
  PhoneOff as hangupIcon,
  PhoneOutgoing as redialIcon,
  Play as resumeIcon,
  Settings as settingsIcon,
  Users as attendedTransferIcon,
  Volume2 as volumeIcon,
  X as cancelIcon,
} from 'lucide';
export type { IconNode } from 'lucide';
