"""Frameworks of alignable items (standards, credential requirements, competencies), CASE-style."""
