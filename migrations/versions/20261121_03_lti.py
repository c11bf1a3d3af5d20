"""lti registrations, keys, launches; delivery attempts and answers

Revision ID: 03_lti
Revises: 02_authoring
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = "03_lti"
down_revision = "02_authoring"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lti_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('private_pem', sa.Text(), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retires_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_key')),
    sa.UniqueConstraint('kid', name=op.f('uq_lti_key_kid'))
    )
    op.create_table('lti_nonce',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=255), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_nonce')),
    sa.UniqueConstraint('nonce', name=op.f('uq_lti_nonce_nonce'))
    )
    with op.batch_alter_table('lti_nonce', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_nonce_expires_at'), ['expires_at'], unique=False)

    op.create_table('lti_platform',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('auth_login_url', sa.String(length=500), nullable=False),
    sa.Column('auth_token_url', sa.String(length=500), nullable=False),
    sa.Column('auth_audience', sa.String(length=500), nullable=True),
    sa.Column('keyset_url', sa.String(length=500), nullable=False),
    sa.Column('auto_deployments', sa.Boolean(), nullable=False),
    sa.Column('registered_via', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_lti_platform_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_platform')),
    sa.UniqueConstraint('issuer', 'client_id', name=op.f('uq_lti_platform_issuer_client_id'))
    )
    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_platform_organization_id'), ['organization_id'], unique=False)

    op.create_table('lti_deployment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.String(length=255), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_lti_deployment_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['platform_id'], ['lti_platform.id'], name=op.f('fk_lti_deployment_platform_id_lti_platform'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_deployment')),
    sa.UniqueConstraint('platform_id', 'deployment_id', name=op.f('uq_lti_deployment_platform_id_deployment_id'))
    )
    with op.batch_alter_table('lti_deployment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_deployment_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_deployment_platform_id'), ['platform_id'], unique=False)

    op.create_table('lti_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('sub', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['platform_id'], ['lti_platform.id'], name=op.f('fk_lti_identity_platform_id_lti_platform'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_lti_identity_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_identity')),
    sa.UniqueConstraint('platform_id', 'sub', name=op.f('uq_lti_identity_platform_id_sub'))
    )
    with op.batch_alter_table('lti_identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_identity_platform_id'), ['platform_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_identity_user_id'), ['user_id'], unique=False)

    op.create_table('lti_context',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_lti_context_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deployment_id'], ['lti_deployment.id'], name=op.f('fk_lti_context_deployment_id_lti_deployment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_lti_context_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_context')),
    sa.UniqueConstraint('deployment_id', 'context_id', name=op.f('uq_lti_context_deployment_id_context_id'))
    )
    with op.batch_alter_table('lti_context', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_context_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_context_deployment_id'), ['deployment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_context_organization_id'), ['organization_id'], unique=False)

    op.create_table('delivery_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('unit_revision_id', sa.Integer(), nullable=False),
    sa.Column('assessment_key', sa.Integer(), nullable=False),
    sa.Column('placement', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'graded', name='attempt_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('points_possible', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['graded_by_id'], ['user_account.id'], name=op.f('fk_delivery_attempt_graded_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_delivery_attempt_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_revision_id'], ['unit_revision.id'], name=op.f('fk_delivery_attempt_unit_revision_id_unit_revision'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_delivery_attempt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_attempt')),
    sa.UniqueConstraint('placement', 'user_id', name=op.f('uq_delivery_attempt_placement_user_id'))
    )
    with op.batch_alter_table('delivery_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_attempt_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_attempt_placement'), ['placement'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_attempt_unit_revision_id'), ['unit_revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_attempt_user_id'), ['user_id'], unique=False)

    op.create_table('lti_resource_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('resource_link_id', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('unit_revision_id', sa.Integer(), nullable=True),
    sa.Column('item_key', sa.Integer(), nullable=True),
    sa.Column('lineitem_url', sa.String(length=1000), nullable=True),
    sa.Column('lineitems_url', sa.String(length=1000), nullable=True),
    sa.Column('ags_scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['lti_context.id'], name=op.f('fk_lti_resource_link_context_id_lti_context'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deployment_id'], ['lti_deployment.id'], name=op.f('fk_lti_resource_link_deployment_id_lti_deployment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_lti_resource_link_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_revision_id'], ['unit_revision.id'], name=op.f('fk_lti_resource_link_unit_revision_id_unit_revision'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_resource_link')),
    sa.UniqueConstraint('deployment_id', 'resource_link_id', name=op.f('uq_lti_resource_link_deployment_id_resource_link_id'))
    )
    with op.batch_alter_table('lti_resource_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_resource_link_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_resource_link_deployment_id'), ['deployment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_resource_link_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_resource_link_unit_revision_id'), ['unit_revision_id'], unique=False)

    op.create_table('delivery_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('points_possible', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['delivery_attempt.id'], name=op.f('fk_delivery_answer_attempt_id_delivery_attempt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_answer')),
    sa.UniqueConstraint('attempt_id', 'item_key', name=op.f('uq_delivery_answer_attempt_id_item_key'))
    )
    with op.batch_alter_table('delivery_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_answer_attempt_id'), ['attempt_id'], unique=False)

    op.create_table('lti_launch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('deployment_id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('resource_link_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('admin', 'author', 'reviewer', 'teacher', 'learner', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('message_type', sa.String(length=40), nullable=False),
    sa.Column('claims', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['lti_context.id'], name=op.f('fk_lti_launch_context_id_lti_context'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['deployment_id'], ['lti_deployment.id'], name=op.f('fk_lti_launch_deployment_id_lti_deployment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_lti_launch_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_link_id'], ['lti_resource_link.id'], name=op.f('fk_lti_launch_resource_link_id_lti_resource_link'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_lti_launch_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_launch')),
    sa.UniqueConstraint('token', name=op.f('uq_lti_launch_token'))
    )
    with op.batch_alter_table('lti_launch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_launch_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_launch_deployment_id'), ['deployment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_launch_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_launch_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_launch_resource_link_id'), ['resource_link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_launch_user_id'), ['user_id'], unique=False)

    op.create_table('lti_score_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('resource_link_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('grading_progress', sa.String(length=20), nullable=False),
    sa.Column('score_given', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['delivery_attempt.id'], name=op.f('fk_lti_score_post_attempt_id_delivery_attempt'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_link_id'], ['lti_resource_link.id'], name=op.f('fk_lti_score_post_resource_link_id_lti_resource_link'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_score_post')),
    sa.UniqueConstraint('attempt_id', name=op.f('uq_lti_score_post_attempt_id'))
    )
    with op.batch_alter_table('lti_score_post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lti_score_post_resource_link_id'), ['resource_link_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lti_score_post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_score_post_resource_link_id'))

    op.drop_table('lti_score_post')
    with op.batch_alter_table('lti_launch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_launch_user_id'))
        batch_op.drop_index(batch_op.f('ix_lti_launch_resource_link_id'))
        batch_op.drop_index(batch_op.f('ix_lti_launch_organization_id'))
        batch_op.drop_index(batch_op.f('ix_lti_launch_expires_at'))
        batch_op.drop_index(batch_op.f('ix_lti_launch_deployment_id'))
        batch_op.drop_index(batch_op.f('ix_lti_launch_context_id'))

    op.drop_table('lti_launch')
    with op.batch_alter_table('delivery_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_answer_attempt_id'))

    op.drop_table('delivery_answer')
    with op.batch_alter_table('lti_resource_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_resource_link_unit_revision_id'))
        batch_op.drop_index(batch_op.f('ix_lti_resource_link_organization_id'))
        batch_op.drop_index(batch_op.f('ix_lti_resource_link_deployment_id'))
        batch_op.drop_index(batch_op.f('ix_lti_resource_link_context_id'))

    op.drop_table('lti_resource_link')
    with op.batch_alter_table('delivery_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_attempt_unit_revision_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_attempt_placement'))
        batch_op.drop_index(batch_op.f('ix_delivery_attempt_organization_id'))

    op.drop_table('delivery_attempt')
    with op.batch_alter_table('lti_context', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_context_organization_id'))
        batch_op.drop_index(batch_op.f('ix_lti_context_deployment_id'))
        batch_op.drop_index(batch_op.f('ix_lti_context_course_id'))

    op.drop_table('lti_context')
    with op.batch_alter_table('lti_identity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_identity_user_id'))
        batch_op.drop_index(batch_op.f('ix_lti_identity_platform_id'))

    op.drop_table('lti_identity')
    with op.batch_alter_table('lti_deployment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_deployment_platform_id'))
        batch_op.drop_index(batch_op.f('ix_lti_deployment_organization_id'))

    op.drop_table('lti_deployment')
    with op.batch_alter_table('lti_platform', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_platform_organization_id'))

    op.drop_table('lti_platform')
    with op.batch_alter_table('lti_nonce', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_nonce_expires_at'))

    op.drop_table('lti_nonce')
    op.drop_table('lti_key')
