"""Build: turn instructor notebooks into the student versions a hub hands out."""
