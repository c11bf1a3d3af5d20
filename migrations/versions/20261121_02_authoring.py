"""authoring workflow (reviews, suggestions, tokens)

Revision ID: 02_authoring
Revises: 01_domain
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = "02_authoring"
down_revision = "01_domain"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('submitted', 'comment', 'changes_requested', 'approved', 'published', name='review_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('unit_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_review_comment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_review_comment_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_review_comment_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comment_unit_id'), ['unit_id'], unique=False)

    op.create_table('suggestion_dismissal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['user_account.id'], name=op.f('fk_suggestion_dismissal_dismissed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['framework_item.id'], name=op.f('fk_suggestion_dismissal_item_id_framework_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_suggestion_dismissal_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['learning_outcome.id'], name=op.f('fk_suggestion_dismissal_outcome_id_learning_outcome'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_dismissal')),
    sa.UniqueConstraint('outcome_id', 'item_id', name=op.f('uq_suggestion_dismissal_outcome_id_item_id'))
    )
    with op.batch_alter_table('suggestion_dismissal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_dismissal_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_dismissal_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_dismissal_outcome_id'), ['outcome_id'], unique=False)


def downgrade():
    with op.batch_alter_table('suggestion_dismissal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_dismissal_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_suggestion_dismissal_organization_id'))
        batch_op.drop_index(batch_op.f('ix_suggestion_dismissal_item_id'))
    op.drop_table('suggestion_dismissal')
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_review_comment_organization_id'))
    op.drop_table('review_comment')
