"""Imports every area's models so the metadata is complete (Alembic, create_all)."""
from authoring.curriculum.models import *  # noqa: F401,F403
from authoring.frameworks.models import *  # noqa: F401,F403
from authoring.occupations.models import *  # noqa: F401,F403
from authoring.tenancy.models import *  # noqa: F401,F403
from authoring.delivery.models import *  # noqa: F401,F403,E402
from authoring.interchange.models import *  # noqa: F401,F403,E402
