from __future__ import annotations

import pytest

from authoring.tenancy.models import Role
from lti.roles import map_roles, stronger

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize("roles, expected", [
    ([LIS + "membership#Instructor"], Role.teacher),
    ([LIS + "membership/Instructor#TeachingAssistant"], Role.teacher),
    ([LIS + "membership#TeachingAssistant"], Role.teacher),
    ([LIS + "membership#ContentDeveloper"], Role.author),
    ([LIS + "membership#Administrator"], Role.admin),
    ([LIS + "institution/person#Administrator", LIS + "membership#Learner"], Role.admin),
    ([LIS + "system/person#SysAdmin"], Role.admin),
    ([LIS + "membership#Learner", LIS + "institution/person#Student"], Role.learner),
    (["Instructor"], Role.teacher),  # the short form LTI 1.3 still allows
    ([LIS + "membership#Learner", LIS + "membership#Instructor"], Role.teacher),
    ([LIS + "membership#Mentor"], None),
    ([LIS + "institution/person#Instructor"], None),  # an institution role says nothing about this course
    ([LIS + "system/person#User"], None),
    ([], None),
    (None, None),
])
def test_lis_roles_map_to_the_strongest_toolpath_role(roles, expected):
    assert map_roles(roles) == expected


def test_roles_only_grow_across_launches():
    assert stronger(Role.teacher, Role.learner) == Role.teacher
    assert stronger(Role.learner, Role.admin) == Role.admin
