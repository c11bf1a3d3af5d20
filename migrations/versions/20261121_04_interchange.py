"""interchange jobs

Revision ID: 04_interchange
Revises: 03_lti
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "04_interchange"
down_revision = "03_lti"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
