"""Feedback pages, rendered from results alone.

They show each task's name, points, status and message. They never include
notebook sources, so no hidden-test code can reach a student through them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from autograder.layout import CourseLayout
from autograder.results import LabResult

__all__ = ["render_feedback", "write_feedback"]


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("feedback.html.j2")


def render_feedback(result: LabResult, *, title: str = "") -> str:
    groups: dict[str, list[object]] = {}
    for test in result.tests:
        group = test.source if test.kind == "notebook" else "Artefact checks"
        groups.setdefault(group, []).append(test)
    fraction = result.score / result.max_score if result.max_score else 0.0
    return _template().render(
        result=result, title=title or result.lab, groups=list(groups.items()), fraction=fraction
    )


def write_feedback(layout: CourseLayout, result: LabResult, *, title: str = "") -> Path:
    path = layout.feedback_file(result.student, result.lab)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_feedback(result, title=title))
    return path
