"""LIS roles (LTI 1.3 role vocabularies) -> Toolpath roles.

Context roles decide: Instructor and TeachingAssistant teach, ContentDeveloper authors, Learner
learns; an Administrator (of the course, the institution or the system) administers. Mentors and
observers get nothing: they see a refusal rather than a learner's view of someone else's work.
"""
from __future__ import annotations

from authoring.tenancy.models import Role

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"

# Fragment after '#' (or the short deprecated form) -> role; sub-roles like
# membership/Instructor#TeachingAssistant end in the fragment too.
CONTEXT_ROLES = {
    "Administrator": Role.admin,
    "ContentDeveloper": Role.author,
    "Instructor": Role.teacher,
    "TeachingAssistant": Role.teacher,
    "Learner": Role.learner,
}
ADMIN_VOCABULARIES = (f"{LIS}institution/person#", f"{LIS}system/person#")
ADMIN_FRAGMENTS = {"Administrator", "SysAdmin"}

STRENGTH = list(Role)  # strongest first, as Role declares them


def _one(uri: str) -> Role | None:
    if uri.startswith(ADMIN_VOCABULARIES):
        return Role.admin if uri.rsplit("#", 1)[1] in ADMIN_FRAGMENTS else None
    if uri.startswith(LIS + "membership") or "/" not in uri:
        return CONTEXT_ROLES.get(uri.rsplit("#", 1)[-1])
    return None


def map_roles(uris: list[str] | None) -> Role | None:
    """The strongest Toolpath role the LIS roles grant, or None."""
    found = [role for role in (_one(str(uri)) for uri in uris or []) if role is not None]
    return min(found, key=STRENGTH.index) if found else None


def stronger(a: Role, b: Role) -> Role:
    return a if STRENGTH.index(a) <= STRENGTH.index(b) else b
