"""Course content: the catalogue of modules, their notebooks and the competencies they evidence."""
