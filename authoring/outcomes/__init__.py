"""Outcome-quality checker: is a learning outcome one observable, measurable behaviour with a
condition and a criterion (the ABCD model)? Pure functions, standard library only.

    >>> from authoring.outcomes import check_outcome
    >>> report = check_outcome("Given a print, the student will measure three diameters within +/-0.001 in.")
    >>> report.verb, report.bloom_levels, report.measurable, report.findings
    ('measure', ('apply',), True, ())

Finding codes: no_verb, non_measurable_verb (errors); compound_behavior, missing_condition,
missing_criterion (warnings); task_sequence, unknown_verb, too_long (info). The rules behind them
are in checker.py's docstring.
"""
from authoring.outcomes.checker import Finding, OutcomeReport, Severity, check_outcome

__all__ = ["Finding", "OutcomeReport", "Severity", "check_outcome"]
