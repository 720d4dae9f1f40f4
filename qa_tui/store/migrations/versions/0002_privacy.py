"""privacy: retention settings, redaction marks, review queue

Revision ID: 0002_privacy
Revises: 0001_foundation
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_privacy'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('retention_setting',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind')
    )
    op.create_table('redaction_mark',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('label', sa.String(length=24), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('redaction_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_mark_interaction_id'), ['interaction_id'], unique=False)

    op.create_table('redaction_review',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=24), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('interaction_id', 'start', 'end')
    )
    with op.batch_alter_table('redaction_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_review_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redaction_review_status'), ['status'], unique=False)

    op.create_table('redaction_scan',
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.PrimaryKeyConstraint('interaction_id')
    )


def downgrade() -> None:
    op.drop_table('redaction_scan')
    with op.batch_alter_table('redaction_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_review_status'))
        batch_op.drop_index(batch_op.f('ix_redaction_review_interaction_id'))

    op.drop_table('redaction_review')
    with op.batch_alter_table('redaction_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_mark_interaction_id'))

    op.drop_table('redaction_mark')
    op.drop_table('retention_setting')
