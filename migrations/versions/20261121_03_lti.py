"""lti registrations, keys, launches

Revision ID: 03_lti
Revises: 02_authoring
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "03_lti"
down_revision = "02_authoring"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
