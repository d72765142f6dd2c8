"""Report: readable tables and files for trainers and districts."""
