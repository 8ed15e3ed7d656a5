#!/usr/bin/python3
"""Prints the Japanese-font forms of CJK radicals as JSON: {radical: ideograph}.

A Japanese font draws a radical code point with the same glyph as one unified ideograph.
PDF producers that rebuild ToUnicode from the font's cmap can then report the radical
instead of the ideograph. This lists, per radical U+2E80-U+2FDF, the single unified
ideograph sharing its glyph in every given font, where all fonts agree.
usage: jp-radical-forms.py FONT [FONT ...]   (TTF/OTF, or TTC:index)
"""
import json
import sys
from fontTools.ttLib import TTFont


def load(spec):
    path, _, index = spec.partition(':')
    font = TTFont(path, fontNumber=int(index or 0), lazy=True)
    return font.getBestCmap()


def forms(cmap):
    by_glyph = {}
    for cp, glyph in cmap.items():
        if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF and not 0x2F800 <= cp <= 0x2FA1F:
            by_glyph.setdefault(glyph, []).append(cp)
    out = {}
    for cp, glyph in cmap.items():
        if 0x2E80 <= cp <= 0x2FDF:
            same = by_glyph.get(glyph, [])
            if len(same) == 1:
                out[cp] = same[0]
    return out


results = [forms(load(spec)) for spec in sys.argv[1:]]
agreed = {}
for cp in sorted(set().union(*results)):
    values = {r[cp] for r in results if cp in r}
    if len(values) == 1:
        agreed[cp] = values.pop()
json.dump({f'{k:x}': f'{v:x}' for k, v in agreed.items()}, sys.stdout, indent=0)
