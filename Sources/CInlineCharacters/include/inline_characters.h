#ifndef SITEGEN_INLINE_CHARACTERS_H
#define SITEGEN_INLINE_CHARACTERS_H

/* cmark-gfm's inline pass on several threads at once.
 *
 * `cmark_parser_finish` switches the GFM extensions' trigger characters (`~` for strikethrough, `:` and `w` for
 * autolinks) on in a process-wide table before its inline pass and off after it, through
 * `cmark_manage_extensions_special_characters`. Two threads finishing at once switch them off under each other, and
 * autolinks and strikethrough are silently lost. cmark-gfm calls that function through its own PLT, so this
 * target defines it again (the executable's definition takes precedence, as an LD_PRELOAD one would): it switches
 * each extension's characters on the first time a parser uses that extension, by calling cmark-gfm's own
 * function, and never switches them off. The inline pass then sees the same table in every thread.
 *
 * Leaving them on changes nothing for sitegen, whose parsers all use the same extensions (for a parser without an
 * extension, its character would only split a text node in two, rendered the same). The table's entries are
 * written once, under a lock, before any inline pass that depends on them.
 *
 * Why hand-written: no package we may use fixes this; cmark-gfm has no per-parser table. */

/* Nonzero once cmark-gfm has called the definition above, i.e. once the characters stay on and the inline pass
 * needs no lock. Zero when the dynamic linker did not let this definition take precedence: callers must then
 * keep serialising `cmark_parser_finish`. */
int sitegen_inline_characters_stay_on(void);

#endif
