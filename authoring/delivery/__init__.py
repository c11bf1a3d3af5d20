"""Delivery: what learners are given and what they hand in (attempts, answers, scoring, grading).

Works on published revisions (their immutable snapshot), never on the live, editable unit. Knows
nothing of LMSs: a `placement` string says where an attempt was delivered (lti uses its links).
"""
