#!/usr/bin/env python3
"""Writes Sources/WhatsAppModel/Phone/PhoneMetadata.generated.swift from libphonenumber's
metadata, as shipped in the Python `phonenumbers` package (pip install phonenumbers).

Usage: python3 scripts/gen-phone-metadata.py [output path]

wacon checks phone numbers without regular expressions at run time, so this script turns
libphonenumber's patterns into the few facts the Swift reader needs, per region:

- the national trunk prefix (libphonenumber's national_prefix: 0, 8 for Russia, 06 for Hungary,
  1 for the NANP);
- the possible national lengths (the general description's, which libphonenumber builds as the
  union of every numbering type);
- the lengths and first two digits of fixed-line and mobile numbers (the numbers WhatsApp users
  have), used to decide whether digits written without + read as an international number;
- where national numbers legitimately begin with the trunk prefix (Japan's 00 numbers, Russia's
  8 800 ...), found by asking which prefixes the national number pattern can still match;
- for calling codes shared by several regions, the leading national digits that name each one
  (NANP area codes, Guernsey/Jersey/Isle of Man ranges, Kazakhstan in +7, ...);
- digit groupings for display (+44 7700 900123), from libphonenumber's international formats.

The patterns are read with Python's own regular-expression parser and compiled to a small
automaton over the digits 0-9, which answers "can a number start with these digits?" exactly.
"""

import os
import re
import sys
from functools import lru_cache

try:
    import re._parser as sre_parse  # Python 3.11+
    import re._constants as sre_constants
except ImportError:  # older Pythons
    import sre_parse
    import sre_constants

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.geocoder import _region_display_name
from phonenumbers.phonenumberutil import _choose_formatting_pattern_for_number

DEFAULT_OUTPUT = os.path.normpath(os.path.join(
    os.path.dirname(__file__), "..", "Sources", "WhatsAppModel", "Phone", "PhoneMetadata.generated.swift"))

TYPES = ["fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number",
         "voip", "pager", "uan", "voicemail"]

# Regions the geocoder has no English name for, and names it gives in an outdated or oddly
# capitalised form.
NAME_OVERRIDES = {
    "AC": "Ascension Island",
    "TA": "Tristan da Cunha",
    "XK": "Kosovo",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "MK": "North Macedonia",
    "SZ": "Eswatini",
}

# Non-geographic calling codes (libphonenumber region "001").
NON_GEOGRAPHIC_NAMES = {
    800: "International Freephone",
    808: "International Shared Cost Service",
    870: "Inmarsat",
    878: "Universal Personal Telecommunications",
    881: "Global Mobile Satellite System",
    882: "International Networks",
    883: "International Networks",
    888: "United Nations humanitarian (OCHA)",
    979: "International Premium Rate Service",
}

# Numbers libphonenumber no longer lists but WhatsApp IDs still use: Mexican accounts created
# before 2019 keep the mobile "1" after 52 (52 1 55 1234 5678, 11 national digits), and Meta
# accepts those IDs as recipients. Extra lengths, and extra first two digits for them.
EXTRA_LENGTHS = {"MX": [11]}
EXTRA_PLAIN_STARTS = {"MX": [f"1{d}" for d in range(10)]}

# Leading-digit exploration depth for naming a region among those sharing a calling code.
REGION_PREFIX_DEPTH = 6
# Leading-digit depth for choosing a display grouping.
GROUPING_DEPTH = 3


# --- A digit automaton from a libphonenumber pattern -------------------------------------------

class NFA:
    """A Thompson automaton over the digits: transitions carry a 10-bit digit mask."""

    def __init__(self):
        self.edges = []  # state -> list of (mask, target)
        self.eps = []    # state -> list of targets

    def state(self):
        self.edges.append([])
        self.eps.append([])
        return len(self.edges) - 1


ALL_DIGITS = (1 << 10) - 1


def digit_mask(items):
    mask = 0
    negate = False
    for op, arg in items:
        if op == sre_constants.NEGATE:
            negate = True
        elif op == sre_constants.LITERAL:
            if 48 <= arg <= 57:
                mask |= 1 << (arg - 48)
        elif op == sre_constants.RANGE:
            lo, hi = arg
            for c in range(max(lo, 48), min(hi, 57) + 1):
                mask |= 1 << (c - 48)
        elif op == sre_constants.CATEGORY and arg == sre_constants.CATEGORY_DIGIT:
            mask |= ALL_DIGITS
        else:
            raise ValueError(f"unsupported class item {op} {arg}")
    return (ALL_DIGITS & ~mask) if negate else mask


def build(nfa, items, start):
    """Adds the sequence `items` from `start`; returns its end state."""
    cur = start
    for op, arg in items:
        if op == sre_constants.LITERAL:
            nxt = nfa.state()
            if 48 <= arg <= 57:
                nfa.edges[cur].append((1 << (arg - 48), nxt))
            cur = nxt
        elif op == sre_constants.IN:
            nxt = nfa.state()
            nfa.edges[cur].append((digit_mask(arg), nxt))
            cur = nxt
        elif op == sre_constants.BRANCH:
            end = nfa.state()
            for alt in arg[1]:
                s = nfa.state()
                nfa.eps[cur].append(s)
                nfa.eps[build(nfa, alt, s)].append(end)
            cur = end
        elif op == sre_constants.SUBPATTERN:
            cur = build(nfa, arg[-1], cur)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            lo, hi, sub = arg
            for _ in range(lo):
                cur = build(nfa, sub, cur)
            if hi == sre_constants.MAXREPEAT:
                loop = nfa.state()
                nfa.eps[cur].append(loop)
                nfa.eps[build(nfa, sub, loop)].append(loop)
                cur = loop
            else:
                end = nfa.state()
                nfa.eps[cur].append(end)
                for _ in range(hi - lo):
                    cur = build(nfa, sub, cur)
                    nfa.eps[cur].append(end)
                cur = end
        else:
            raise ValueError(f"unsupported pattern element {op} {arg}")
    return cur


class Automaton:
    """A lazily determinised automaton for a whole-string pattern."""

    def __init__(self, patterns):
        self.nfa = NFA()
        start = self.nfa.state()
        self.accept = self.nfa.state()
        for p in patterns:
            s = self.nfa.state()
            self.nfa.eps[start].append(s)
            self.nfa.eps[build(self.nfa, sre_parse.parse(p), s)].append(self.accept)
        self.start = self.closure(frozenset([start]))
        self.cache = {}

    def closure(self, states):
        seen = set(states)
        todo = list(states)
        while todo:
            for t in self.nfa.eps[todo.pop()]:
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return frozenset(seen)

    def step(self, states, digit):
        key = (states, digit)
        if key not in self.cache:
            bit = 1 << digit
            self.cache[key] = self.closure({t for s in states for mask, t in self.nfa.edges[s] if mask & bit})
        return self.cache[key]

    def run(self, digits):
        s = self.start
        for d in digits:
            if not s:
                break
            s = self.step(s, int(d))
        return s

    def viable(self, prefix):
        """True when some string this automaton accepts starts with `prefix`."""
        return self.live(self.run(prefix))

    @lru_cache(maxsize=None)
    def live(self, states):
        """True when acceptance can be reached from `states`."""
        seen = {states}
        todo = [states]
        while todo:
            s = todo.pop()
            if self.accept in s:
                return True
            for d in range(10):
                t = self.step(s, d)
                if t and t not in seen:
                    seen.add(t)
                    todo.append(t)
        return False


def automaton(descs):
    patterns = [d.national_number_pattern for d in descs
                if d is not None and d.national_number_pattern and d.possible_length != (-1,)]
    return Automaton(patterns) if patterns else None


# --- Regions -----------------------------------------------------------------------------------

def region_name(region, cc):
    if region == "001":
        return NON_GEOGRAPHIC_NAMES[cc]
    if region in NAME_OVERRIDES:
        return NAME_OVERRIDES[region]
    name = _region_display_name(region, "en")
    if not name:
        raise SystemExit(f"no English name for {region}")
    # "Saint Kitts And Nevis" -> "Saint Kitts and Nevis", "Isle Of Man" -> "Isle of Man".
    return re.sub(r"(?<=\S) (And|Of|The)(?= )", lambda m: " " + m.group(1).lower(), name)


def metadata(region, cc):
    return PhoneMetadata.metadata_for_nongeo_region(cc) if region == "001" else PhoneMetadata.metadata_for_region(region)


def plain_lengths(md, region):
    """The lengths of fixed-line and mobile numbers: what a WhatsApp user's number can have."""
    lengths = set(EXTRA_LENGTHS.get(region, []))
    for desc in (md.fixed_line, md.mobile):
        if desc is not None:
            lengths |= set(n for n in desc.possible_length if n > 0)
    return sorted(lengths)


def first_two_digits(md, region):
    """A 100-bit mask of the two-digit starts of fixed-line and mobile numbers, as 25 hex digits."""
    a = automaton([md.fixed_line, md.mobile])
    mask = 0
    for p in EXTRA_PLAIN_STARTS.get(region, []):
        mask |= 1 << int(p)
    if a is not None:
        for i in range(100):
            if a.viable(f"{i:02d}"):
                mask |= 1 << i
    return f"{mask:025x}"


def trunk_led_prefixes(md, trunk):
    """National prefixes that begin with the trunk prefix yet start real national numbers."""
    if not trunk:
        return []
    a = automaton([md.general_desc])

    def explore(p, depth):
        if not a.viable(p):
            return []
        children = [p + str(d) for d in range(10)]
        if depth == 2 or all(a.viable(c) for c in children):
            return [p]
        return [q for c in children for q in explore(c, depth + 1)]

    return explore(trunk, 0)


def leading_digits(regions, mds):
    """For a shared calling code: national prefixes that name exactly one non-main region."""
    autos = [automaton([getattr(md, t) for t in TYPES]) for md in mds]
    found = {r: [] for r in regions}

    def matching(p):
        return frozenset(i for i, a in enumerate(autos) if a is not None and a.viable(p))

    def explore(p, here):
        if len(here) == 1:
            (i,) = here
            if i != 0:
                found[regions[i]].append(p)
            return
        if len(p) == REGION_PREFIX_DEPTH:
            return
        children = [(p + str(d), matching(p + str(d))) for d in range(10)]
        # A range every region keeps matching however far it is read is genuinely shared
        # (toll-free 8xx in the NANP); the main region names it.
        if len(p) >= 3 and all(s == here for _, s in children):
            return
        for c, s in children:
            if s:
                explore(c, s)

    explore("", matching(""))
    return found


# --- Display groupings -------------------------------------------------------------------------

def grouping(md, national):
    formats = md.intl_number_format or md.number_format
    f = _choose_formatting_pattern_for_number(formats, national)
    if f is None or f.format == "NA":
        return None
    m = re.fullmatch(f.pattern, national)
    text = m.expand(f.format.replace("$", "\\"))
    blocks = [len(b) for b in re.split(r"[^0-9]+", text) if b]
    if sum(blocks) != len(national):
        return None
    return tuple(blocks)


def groupings(md, lengths):
    """Display groupings per national length: the usual one, then leading digits that differ."""
    general = automaton([md.general_desc])
    out = []
    for n in lengths:
        values = {}
        for i in range(10 ** min(GROUPING_DEPTH, n)):
            p = f"{i:0{min(GROUPING_DEPTH, n)}d}"
            if not general.viable(p):
                continue
            for filler in "5027":
                g = grouping(md, p + filler * (n - len(p)))
                if g:
                    values[p] = g
                    break
        if not values:
            continue
        # Each prefix takes the grouping most numbers under it have; only prefixes that differ
        # from the one they sit under are written out.
        rules = []

        def collapse(p, inherited):
            under = [g for k, g in values.items() if k.startswith(p)]
            counts = {}
            for g in under:
                counts[g] = counts.get(g, 0) + 1
            best = max(sorted(counts), key=lambda g: counts[g])
            if best != inherited:
                rules.append((p, best))
            if len(counts) > 1:
                for d in range(10):
                    if any(k.startswith(p + str(d)) for k in values):
                        collapse(p + str(d), best)

        collapse("", None)
        out.append((n, rules))
    return out


# --- Output ------------------------------------------------------------------------------------

def swift_literal(lines):
    body = "\n".join("    " + l for l in lines)
    return '"""\n' + body + '\n    """'


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    region_lines = []
    grouping_lines = []
    for cc in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        regions = list(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc])
        mds = [metadata(r, cc) for r in regions]
        if len(regions) > 1 and not mds[0].main_country_for_code:
            raise SystemExit(f"+{cc}: the first region {regions[0]} is not the main one")
        trunks = {md.national_prefix or "" for md in mds}
        if len(trunks) != 1:
            raise SystemExit(f"+{cc}: regions disagree on the trunk prefix: {trunks}")
        trunk = trunks.pop()
        leads = leading_digits(regions, mds) if len(regions) > 1 else {regions[0]: []}
        for region, md in zip(regions, mds):
            possible = sorted(set(n for n in md.general_desc.possible_length if n > 0) | set(EXTRA_LENGTHS.get(region, [])))
            fields = [
                str(cc), region, region_name(region, cc), trunk,
                ",".join(map(str, possible)),
                ",".join(map(str, plain_lengths(md, region))),
                first_two_digits(md, region),
                ",".join(trunk_led_prefixes(md, trunk)),
                ",".join(leads[region]),
            ]
            if any("|" in f for f in fields):
                raise SystemExit(f"a field holds the separator: {fields}")
            region_lines.append("|".join(fields))
        main_md = mds[0]
        main_lengths = sorted(set(n for md in mds for n in md.general_desc.possible_length if n > 0))
        per_length = []
        for n, rules in groupings(main_md, main_lengths):
            per_length.append(f"{n}:" + ",".join(f"{p}={'.'.join(map(str, g))}" for p, g in rules))
        if per_length:
            grouping_lines.append(f"{cc}|" + ";".join(per_length))

    version = phonenumbers.__version__
    swift = f"""// Generated by scripts/gen-phone-metadata.py from libphonenumber's metadata, version {version}
// (the Python phonenumbers package). Do not edit: change the script and run it again.

extension PhoneMetadata {{
    /// The libphonenumber metadata version these tables were generated from.
    static let sourceVersion = "{version}"

    /// One line per region, main region of a shared calling code first:
    /// calling code | ISO code | English name | trunk prefix | possible national lengths |
    /// plain fixed-line and mobile lengths | their first two digits (100-bit mask, hex) |
    /// prefixes that begin with the trunk prefix yet start real national numbers |
    /// leading national digits naming this region among those sharing the code.
    static let regionTable = {swift_literal(region_lines)}

    /// One line per calling code: code | national length:prefix=block sizes,… ; … (the empty prefix
    /// is the usual grouping for that length; longer prefixes override it).
    static let groupingTable = {swift_literal(grouping_lines)}
}}
"""
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(swift)
    print(f"wrote {out_path}: {len(region_lines)} regions, {len(grouping_lines)} groupings, "
          f"{len(swift.encode('utf-8'))} bytes, libphonenumber metadata {version}")


if __name__ == "__main__":
    main()
