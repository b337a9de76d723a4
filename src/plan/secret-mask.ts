// What a secret value is shown and journaled as, everywhere. In plan, the lowest layer that
// needs it (rendering plan text masks secrets); journal, session and UI use the same one.
export const MASK = '••••••';
