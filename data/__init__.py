"""Reference data shipped with rangemap (see README.md in this folder)."""
