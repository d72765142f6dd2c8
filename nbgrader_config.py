"""nbgrader settings for one cohort of the course (one nbgrader course = one cohort)."""
c = get_config()  # noqa: F821  (provided by nbgrader)

c.CourseDirectory.course_id = "ai-literacy"
# solutions/<module>/ holds the instructor notebooks; students receive assignments/<module>/.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"

# Teachers type their answer where this stands (COURSE.md: a clear "YOUR ANSWER HERE").
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# torch/transformers warnings printed to stderr must not zero a correct answer.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(?i)\b\w*warning\b|^\[transformers\]|warnings\.warn"

# Model-backed cells may need a few seconds on a busy hub pod.
c.ExecutePreprocessor.timeout = 60
