"""Track: from nbgrader gradebooks to competencies, levels and certification."""
