"""interchange jobs (Common Cartridge export and import)

Revision ID: 04_interchange
Revises: 03_lti
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = "04_interchange"
down_revision = "03_lti"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interchange_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('export_cc', 'import_cc', name='interchange_job_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='interchange_job_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=300), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('result', sa.LargeBinary(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_interchange_job_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_interchange_job_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_interchange_job_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interchange_job'))
    )
    with op.batch_alter_table('interchange_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interchange_job_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interchange_job_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interchange_job_organization_id'), ['organization_id'], unique=False)


def downgrade():
    with op.batch_alter_table('interchange_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interchange_job_organization_id'))
        batch_op.drop_index(batch_op.f('ix_interchange_job_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_interchange_job_course_id'))

    op.drop_table('interchange_job')
