"""Tamper evidence: what a submitted notebook changed in cells the student may not change.

nbgrader restores locked and test cells from the source when it grades, so such edits
cannot change a score; but it only logs them. This step compares each submitted
notebook with the released one before grading and records every deleted or edited
read-only cell and every changed grading metadata (points, ids, cell roles) in the
result, for the instructor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

__all__ = ["notebook_findings"]


def _cells_by_id(notebook: Any) -> dict[str, Any]:
    cells = {}
    for cell in notebook.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            cells[grade_id] = cell
    return cells


def notebook_findings(released: Path, submitted: Path) -> list[str]:
    """Findings for one notebook; empty when nothing protected was touched or it cannot be read."""
    try:
        original = nbformat.read(released, as_version=4)
        student = nbformat.read(submitted, as_version=4)
    except Exception:  # an unreadable notebook is reported by grading itself
        return []
    name = submitted.name
    ours, theirs = _cells_by_id(original), _cells_by_id(student)
    findings = []
    for grade_id, cell in ours.items():
        meta = cell.metadata["nbgrader"]
        protected = meta.get("locked") or (meta.get("grade") and not meta.get("solution"))
        if grade_id not in theirs:
            if protected:
                findings.append(f"{name}: read-only cell {grade_id!r} was deleted (restored)")
            continue
        submitted_meta = theirs[grade_id].get("metadata", {}).get("nbgrader", {})
        for key in ("points", "grade", "solution", "locked"):
            if meta.get(key) != submitted_meta.get(key):
                findings.append(
                    f"{name}: cell {grade_id!r} had {key} changed from {meta.get(key)!r} "
                    f"to {submitted_meta.get(key)!r} (ignored)"
                )
        if protected and theirs[grade_id].source.strip() != cell.source.strip():
            findings.append(f"{name}: read-only cell {grade_id!r} was edited (restored)")
    for grade_id in sorted(set(theirs) - set(ours)):
        meta = theirs[grade_id].get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            findings.append(f"{name}: unknown graded cell {grade_id!r} was added (ignored)")
    return findings
