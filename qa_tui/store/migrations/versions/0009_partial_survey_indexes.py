"""partial survey indexes: the contact and subject indexes of survey responses leave out the rows without one

Revision ID: 0009_partial_survey_indexes
Revises: 0008_frame_cache
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_partial_survey_indexes'
down_revision = '0008_frame_cache'
branch_labels = None
depends_on = None

COLUMNS = ('interaction_id', 'subject_id')


def upgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f'ix_survey_response_{column}', table_name='survey_response')
        where = sa.text(f'{column} IS NOT NULL')
        op.create_index(f'ix_survey_response_{column}', 'survey_response', [column], unique=False,
                        sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f'ix_survey_response_{column}', table_name='survey_response')
        op.create_index(f'ix_survey_response_{column}', 'survey_response', [column], unique=False)
