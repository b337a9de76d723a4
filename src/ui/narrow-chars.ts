// Characters string-width measures as one column each and that never join a neighbour into one
// grapheme (no marks, joiners, selectors or emoji presentation): the cockpit's text (Latin,
// Cyrillic, punctuation, arrows, box drawing, its few symbols). Text made only of these is as
// wide as it is long, so neither our layout (text.ts) nor ink's (string-width's fast path, widened
// to this class by build.mjs, which reads the class from this file) runs the grapheme segmenter
// and the Unicode emoji regexes for it: compiling those took ~20 ms of every start
// (first_full_frame_ratio_vs_hello_ink). test/ui/narrow-chars.test.ts holds every one of them
// to string-width itself.
export const NARROW_CLASS =
  '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u00FF\\u0400-\\u0482\\u048A-\\u04FF\\u2010-\\u2027\\u2030-\\u205E\\u2116\\u2190-\\u21FF\\u2200-\\u22FF\\u2500-\\u25FC\\u2600-\\u2613\\u2691\\u26A0\\u270E\\u2713\\u2714\\u2718\\u2744';

export const NARROW_TEXT = new RegExp(`^[${NARROW_CLASS}]*$`);
