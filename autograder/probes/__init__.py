"""Kit code that checks run inside the student's sandbox, on the student's behalf.

Loading a pickled or MLflow model runs code from the file, so a check never does it in the
grading process: it calls a probe instead, e.g.
``student.call("autograder.probes.mlflow_registry:alias_predictions", frame, name=...)``.
The sandboxed process imports the kit before the student's folder, so a submission cannot
replace a probe. One module per kind of artefact.
"""
