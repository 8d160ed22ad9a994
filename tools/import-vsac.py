#!/usr/bin/env python3
"""Copies public VSAC / CDC Opioid CDS value set snapshots into fhir-profiles/ as FHIR ValueSets.

Usage: tools/import-vsac.py <snapshot-folder> <fhir-profiles-folder> <file-name>...

The snapshot folder holds the JSON files named in its README table (with source repository,
commit and path). The codes, displays, versions and expansion of each file are copied
unchanged; only metadata is added, so that the resource names its source:
  * an identifier urn:oid:<OID> (VSAC value sets),
  * a description line naming the source repository, commit, path and expansion timestamp.
The four non-FHIR code lists (JSON arrays of {System, Version, Code, Display}) are wrapped in
a ValueSet whose compose enumerates the codes per code-system version: they carry no
expansion timestamp, so none is invented.
"""
import json
import re
import sys
from collections import OrderedDict
from pathlib import Path

CPG = "http://hl7.org/fhir/uv/cpg/StructureDefinition/"
SHAS = {}
ROWS = {}


def read_readme(folder):
    text = (folder / "README.md").read_text()
    for repo, sha in re.findall(r"^- ([\w.-]+/[\w.-]+): `([0-9a-f]{40})`", text, re.M):
        SHAS[repo] = sha
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 11 and cells[1].startswith("`"):
            ROWS[cells[1].strip("`")] = {"oid": cells[2], "title": cells[3], "version": cells[4], "source": cells[10]}


def source_of(row):
    repo, rest = row["source"].split(" @ ")
    _, path = rest.split(" : ")
    return repo.strip(), SHAS[repo.strip()], path.strip()


def provenance(row, expansion_note, what="codes, displays, version, expansion"):
    repo, sha, path = source_of(row)
    return (f"Copied unchanged ({what}) from https://github.com/{repo} "
            f"at commit {sha}, file `{path}`. {expansion_note} "
            "Snapshot, not live VSAC: re-expand from VSAC (https://cts.nlm.nih.gov/fhir/) before production use. "
            "SNOMED CT and LOINC content is subject to their licences.")


def fhir_copy(name, data, row):
    oid = row["oid"]
    out = OrderedDict()
    dropped = []
    for key, value in data.items():
        if key == "identifier":
            continue
        if key == "meta" and "profile" in value:
            dropped.append("meta.profile (" + ", ".join(value["profile"]) + ")")
            value = OrderedDict((k, v) for k, v in value.items() if k != "profile")
            if not value:
                continue
        if key == "extension":
            cpg = [e for e in value if e["url"].startswith(CPG)]
            if cpg:
                dropped.append("the extensions " + ", ".join(sorted({e["url"] for e in cpg})))
                value = [e for e in value if not e["url"].startswith(CPG)]
        out[key] = value
        if key == "url" and not oid.startswith("http"):
            out["identifier"] = [{"system": "urn:ietf:rfc:3986", "value": "urn:oid:" + oid}]
    exp = data.get("expansion", {})
    note = (f"VSAC definition version {data.get('version', '-')}, expansion {exp.get('identifier', '-')} "
            f"of {exp.get('timestamp')}, {len(exp.get('contains', []))} codes.")
    if dropped:
        note += (" Left out, because their definitions (HL7 CPG IG) are not in this folder and cannot be "
                 "validated here: " + "; ".join(dropped) + ".")
    source_note = provenance(row, note)
    if "description" in out:
        out["description"] = out["description"].rstrip() + "\n\n" + source_note
        return out
    described = OrderedDict()
    for key, value in out.items():
        described[key] = value
        if key == "publisher" or (key == "status" and "publisher" not in out):
            described["description"] = source_note
    return described


def wrapped(name, codes, row):
    oid = row["oid"]
    title = row["title"].split(" (name from")[0]
    by_system = OrderedDict()
    for entry in codes:
        by_system.setdefault((entry["System"], entry["Version"]), []).append(
            OrderedDict([("code", entry["Code"]), ("display", entry["Display"])]))
    versions = ", ".join(sorted({v for (_, v) in by_system}))
    note = (f"The source is a JSON array of VSAC expansion rows (code-system versions {versions}) with no "
            f"value-set version or expansion date; it is wrapped here as an enumerated compose, {len(codes)} codes. "
            f"The title is the one in that repository's source/resources/valueset_loadlist.json.")
    return OrderedDict([
        ("resourceType", "ValueSet"),
        ("id", oid),
        ("url", "http://cts.nlm.nih.gov/fhir/ValueSet/" + oid),
        ("identifier", [{"system": "urn:ietf:rfc:3986", "value": "urn:oid:" + oid}]),
        ("name", re.sub(r"\W", "", title)),
        ("title", title),
        ("status", "active"),
        ("experimental", False),
        ("publisher", "NLM VSAC (as republished by chronic-care/e-care-common-data-services)"),
        ("description", provenance(row, note, "codes, displays, code-system versions")),
        ("compose", {"include": [OrderedDict([("system", system), ("version", version), ("concept", concepts)])
                                 for (system, version), concepts in by_system.items()]}),
    ])


def main():
    folder, target = Path(sys.argv[1]), Path(sys.argv[2])
    read_readme(folder)
    for name in sys.argv[3:]:
        data = json.loads((folder / name).read_text(), object_pairs_hook=OrderedDict)
        row = ROWS[name]
        resource = wrapped(name, data, row) if isinstance(data, list) else fhir_copy(name, data, row)
        out = target / f"ValueSet-{resource['id']}.json"
        out.write_text(json.dumps(resource, indent=2, ensure_ascii=False) + "\n")
        print(out)


if __name__ == "__main__":
    main()
