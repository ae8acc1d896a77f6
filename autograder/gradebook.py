"""The gradebook CSV: a row per student, a column per lab, a total."""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.results import LabResult

__all__ = ["write_gradebook"]


def write_gradebook(results: list[LabResult], path: Path, *, labs: list[str]) -> Path:
    """Write the CSV an LMS imports; ungradable labs count 0 and are flagged."""
    by_student: dict[str, dict[str, LabResult]] = {}
    max_scores: dict[str, float] = {}
    for result in results:
        by_student.setdefault(result.student, {})[result.lab] = result
        max_scores[result.lab] = max(max_scores.get(result.lab, 0.0), result.max_score)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student", *labs, "total", "max_total", "needs_attention"])
        total_max = sum(max_scores.get(lab, 0.0) for lab in labs)
        for student in sorted(by_student):
            row: list[object] = [student]
            attention = []
            for lab in labs:
                found = by_student[student].get(lab)
                row.append(f"{found.score:g}" if found else "")
                if found and found.status != "graded":
                    attention.append(f"{lab}: {found.status}")
                if found and found.integrity:
                    attention.append(f"{lab}: {len(found.integrity)} protected cell change(s)")
            total = sum(r.score for r in by_student[student].values())
            writer.writerow([*row, f"{total:g}", f"{total_max:g}", "; ".join(attention)])
    return path
