/** The reducers' marker for a transition their diagram does not allow, shared with the companion. */
export { invalid, isInvalid, type Invalid } from '../../../protocol/src/invalid.ts';
