#!/usr/bin/env python3
"""Generate src/sim/cron/tzdata.rs from the machine's IANA zoneinfo directory.

For every TZif (version 2 or later) file under the zoneinfo root we keep only
the POSIX TZ footer string (the last line of the file, e.g.
``CET-1CEST,M3.5.0,M10.5.0/3``).  That footer describes the zone's *current*
rule, which is what Go's time package itself uses for every instant after the
last explicit transition of the file.  The simulator only deals with 2020
onwards, so the current rule is accurate enough (zones that changed their rules
after 2020, e.g. America/Mexico_City in 2022, are modelled with the new rule for
the whole period).

Output layout (kept small because it ships in the WASM bundle):

* ``RULES``: the distinct footers, sorted.
* ``ZONE_DIRS``: zone names grouped by directory: ``(dir_prefix, "leaf leaf ...")``.
* ``ZONE_RULE``: one byte per zone (in ``ZONE_DIRS`` order): index into ``RULES``.

Only names that Kubernetes' CronJob ``timeZone`` validation can accept are kept
(every path component matches ``^[A-Za-z.\\-_0-9+]{1,14}$``, is not ``.``/``..``
and does not start with ``-``).  The ``posix/`` and ``right/`` trees and the
non-zone files ``localtime`` and ``posixrules`` are skipped.

Usage: python3 tools/gen_tzdata.py [ZONEINFO_DIR] [OUTPUT_RS]
"""

import os
import re
import subprocess
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
OUT = (
    sys.argv[2]
    if len(sys.argv) > 2
    else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "sim", "cron", "tzdata.rs")
)

PART = re.compile(r"^[A-Za-z.\-_0-9+]{1,14}$")
SKIP_TOP_DIRS = {"posix", "right"}
SKIP_FILES = {"localtime", "posixrules"}


def footer_of(data):
    """Return the POSIX TZ footer of a TZif v2+ file, or None if not applicable."""
    if len(data) < 44 or data[:4] != b"TZif" or data[4:5] < b"2":
        return None

    def counts(off):
        vals = [int.from_bytes(data[off + 20 + 4 * i : off + 24 + 4 * i], "big") for i in range(6)]
        isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = vals
        return isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt

    # Skip the version 1 block.
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    if data[off : off + 4] != b"TZif":
        return None
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(off)
    off += 44 + timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut
    rest = data[off:]
    if not rest.startswith(b"\n"):
        return None
    end = rest.find(b"\n", 1)
    if end < 0:
        return None
    return rest[1:end].decode("ascii")


def valid_name(name):
    for part in name.split("/"):
        if part in (".", "..") or part.startswith("-") or not PART.match(part):
            return False
    return True


def main():
    zones = {}
    for root, dirs, files in os.walk(ROOT):
        rel_root = os.path.relpath(root, ROOT)
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d not in SKIP_TOP_DIRS]
        for f in files:
            path = os.path.join(root, f)
            name = os.path.relpath(path, ROOT)
            if name in SKIP_FILES or not valid_name(name):
                continue
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            footer = footer_of(data)
            if footer is None:
                continue
            if footer == "":
                # No POSIX representation (does not happen with current tzdata).
                print("warning: %s has an empty footer, skipped" % name, file=sys.stderr)
                continue
            zones[name] = footer

    version = "unknown"
    try:
        with open(os.path.join(ROOT, "tzdata.zi")) as fh:
            first = fh.readline().strip()
            if first.startswith("# version "):
                version = first[len("# version ") :]
    except OSError:
        pass

    rules = sorted(set(zones.values()))
    assert len(rules) < 256, "rule index no longer fits in a byte"
    rule_index = {r: i for i, r in enumerate(rules)}

    groups = {}
    for name in zones:
        d, _, leaf = name.rpartition("/")
        prefix = d + "/" if d else ""
        groups.setdefault(prefix, []).append(leaf)
    ordered = []
    for prefix in sorted(groups):
        leaves = sorted(groups[prefix])
        ordered.append((prefix, leaves))

    zone_rule = []
    for prefix, leaves in ordered:
        for leaf in leaves:
            zone_rule.append(rule_index[zones[prefix + leaf]])

    names_bytes = sum(len(p) + len(" ".join(l)) for p, l in ordered)
    rules_bytes = sum(len(r) for r in rules)
    total = names_bytes + rules_bytes + len(zone_rule)

    # Slice headers on wasm32: 8 bytes per &str, 16 per (&str, &str).
    headers_wasm32 = len(rules) * 8 + len(ordered) * 16
    out = []
    out.append("//! IANA time zone table, GENERATED by `tools/gen_tzdata.py`: do not edit by hand.\n")
    out.append("//!\n")
    out.append("//! Source: `%s` (tzdata %s). For each zone only the POSIX TZ\n" % (ROOT, version))
    out.append("//! footer of its TZif file is kept (the zone's current rule). We only simulate\n")
    out.append("//! 2020 onwards, so the current rule is accurate enough; zones whose rules\n")
    out.append("//! changed after 2020 use the new rule for the whole period.\n")
    out.append("//!\n")
    out.append("//! Size: %d zones, %d distinct rules, %d directories.\n" % (len(zones), len(rules), len(ordered)))
    out.append(
        "//! Payload %d bytes = names %d + rules %d + index %d; plus %d bytes of slice\n"
        % (total, names_bytes, rules_bytes, len(zone_rule), headers_wasm32)
    )
    out.append("//! headers on wasm32 (%d bytes in all).\n\n" % (total + headers_wasm32))
    out.append("/// Version of the tz database the table was generated from.\n")
    out.append('pub(crate) const TZDATA_VERSION: &str = "%s";\n\n' % version)
    out.append("/// Distinct POSIX TZ rule strings, sorted.\n")
    out.append("pub(crate) const RULES: &[&str] = &[\n")
    for r in rules:
        out.append('    "%s",\n' % r)
    out.append("];\n\n")
    out.append("/// Zone names grouped by directory: `(prefix, space separated leaf names)`, sorted.\n")
    out.append("pub(crate) const ZONE_DIRS: &[(&str, &str)] = &[\n")
    for prefix, leaves in ordered:
        out.append('    (\n        "%s",\n        "%s",\n    ),\n' % (prefix, " ".join(leaves)))
    out.append("];\n\n")
    out.append("/// Rule index (into `RULES`) of every zone, in `ZONE_DIRS` order.\n")
    out.append("pub(crate) const ZONE_RULE: &[u8] = &[\n")
    for i in range(0, len(zone_rule), 16):
        out.append("    " + ", ".join(str(x) for x in zone_rule[i : i + 16]) + ",\n")
    out.append("];\n")

    with open(OUT, "w") as fh:
        fh.write("".join(out))
    try:
        subprocess.run(["rustfmt", "--edition", "2021", OUT], check=False)
    except OSError:
        pass
    print("wrote %s: %d zones, %d rules, %d bytes payload" % (OUT, len(zones), len(rules), total))


if __name__ == "__main__":
    main()
