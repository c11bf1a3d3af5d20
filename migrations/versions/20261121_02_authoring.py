"""authoring workflow (reviews, suggestions, tokens)

Revision ID: 02_authoring
Revises: 01_domain
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "02_authoring"
down_revision = "01_domain"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
