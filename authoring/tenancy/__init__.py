"""Organizations, people, their roles, and API tokens."""
