"""Report helpers for the churn labs, cleaned up.

Your task (lab 00, "A linter as a second pair of eyes"): this file starts empty.
Copy the code of ``legacy_tooling.py`` below this docstring, then change it until

    ruff check tooling.py

reports no problems, without changing what any function returns for any input.
``legacy_tooling.py`` stays as it is: it is the original your version is compared with.
Fix the problems; hiding them with ``# noqa`` comments does not count.
"""

# YOUR CODE HERE
raise NotImplementedError()
