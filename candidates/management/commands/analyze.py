"""`manage.py analyze FILE… --format json`: read CVs and publication lists, print what was found.

Nothing is stored. With ``--format json`` each file gives one JSON object on one line, in the
shape of ``../shared/contracts/analyze.schema.json``; the exit status is 1 if any file failed.
A file the upload gate refuses (too large, empty, neither a PDF nor a publication list) is an
error line in the gate's words, as an upload of it would be.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candidates.analysis import AnalysisError, DocumentAnalysis, analyze
from candidates.models import DocumentKind
from candidates.uploads import UploadRefused, upload_check


class Command(BaseCommand):
    help = (
        "Analyse CVs (PDF) and publication lists (BibTeX, RIS, CSL-JSON, text) without storing "
        "them: person, degrees, publications with venue, kind, tier and authorship, evidence "
        "per dimension with quotes and pages, and features."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--kind", choices=DocumentKind.values, help="Document kind (default: detect)."
        )

    def handle(self, *args, files: list[Path], format: str, kind: str | None, **options):
        failures = 0
        for path in files:
            result = self._analyze(path, kind)
            failures += result["status"] == "error"
            if format == "json":
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self._as_text(result))
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be analysed.")

    def _analyze(self, path: Path, kind: str | None) -> dict:
        try:
            content = path.read_bytes()
        except OSError as exc:
            return _error(path, None, f"Cannot read the file: {exc.strerror or exc}.")
        try:
            kind = upload_check(name=path.name, content=content, kind=kind)
        except UploadRefused as refusal:
            return _error(path, None, str(refusal))
        try:
            analysis: DocumentAnalysis = analyze(content, kind=kind, filename=path.name)
        except AnalysisError as exc:
            return _error(path, kind, str(exc))
        return {"file": str(path), "status": "ok", "error": None, **analysis.to_json()}

    def _as_text(self, result: dict) -> str:
        if result["status"] == "error":
            return f"{result['file']}: error: {result['error']}"
        lines = [f"{result['file']}: {result['kind']}"]
        person = result.get("person") or {}
        if person.get("name"):
            lines.append(f"  person: {person['name']} {' '.join(person.get('emails', []))}")
        for degree in result["degrees"]:
            lines.append(
                f"  degree: {degree['level']} {degree['field'] or ''} @ "
                f"{degree['institution'] or '?'} {degree['year'] or ''} ({degree['status']})"
            )
        for pub in result["publications"]:
            venue = pub["venue"] or pub["venue_raw"] or "?"
            lines.append(
                f"  paper: [{pub['kind']}/{pub['tier'] or '-'}] {venue} {pub['year'] or ''} "
                f"{pub['author_position'] or '?'}: {pub['title'][:80]}"
            )
        for item in result["evidence"]:
            page = f"p.{item['page']}" if item["page"] else "-"
            lines.append(
                f"  evidence: {item['dimension']}/{item['signal']} {page}: {item['quote'][:90]}"
            )
        return "\n".join(lines)


def _error(path: Path, kind: str | None, message: str) -> dict:
    return {"file": str(path), "status": "error", "error": message, "kind": kind}
