"""The grading pipeline: notebooks through nbgrader, artefacts through pytest checks."""

from autograder.grading.pipeline import GradingJob, find_jobs, grade_job, grade_submission

__all__ = ["GradingJob", "find_jobs", "grade_job", "grade_submission"]
