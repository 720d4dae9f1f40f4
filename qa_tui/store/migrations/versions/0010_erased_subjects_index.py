"""erased subjects index: every transaction asks whether anyone was erased since it last looked

Revision ID: 0010_erased_subjects_index
Revises: 0009_partial_survey_indexes
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_erased_subjects_index'
down_revision = '0009_partial_survey_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    where = sa.text('erased_at IS NOT NULL')
    op.create_index('ix_data_subject_erased_at', 'data_subject', ['erased_at'], unique=False,
                    sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    op.drop_index('ix_data_subject_erased_at', table_name='data_subject')
