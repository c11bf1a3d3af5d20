"""Who may do what with curriculum, by role within one organization. Admins may do everything
(org_route and api_route add them). Web pages and the JSON API both read these sets, so a role
has the same rights whichever way it comes in. Learners appear in none: they see only what
they were given (authoring/delivery), never authoring pages or the API.
"""
from __future__ import annotations

from authoring.tenancy.models import Role

READ_PUBLISHED = (Role.author, Role.reviewer, Role.teacher)   # programs, courses, published units, frameworks
READ_DRAFTS = (Role.author, Role.reviewer)                    # drafts, review threads, revisions, diffs
EDIT = (Role.author,)                                          # change drafts, submit, duplicate, archive
REVIEW = (Role.reviewer,)                                      # request changes, approve
PUBLISH = (Role.author, Role.reviewer)                         # publish an approved unit
COMMENT = (Role.author, Role.reviewer)
