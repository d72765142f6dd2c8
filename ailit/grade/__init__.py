"""Grade: collect submissions and score them with real nbgrader."""
