"""Programs, courses, units, lessons, assessments, learning outcomes, alignments and revisions."""
