"""The error every command reports as one line, naming the file and what is wrong."""


class CourseError(Exception):
    """Bad course input (manifest, notebook, framework, answers file): shown to the user as one line."""
