"""survey natural key index: unique by an index a large import can build once at the end, not a table constraint

Revision ID: 0012_survey_natural_key_index
Revises: 0011_withdrawn_import_keys
"""

from alembic import op


revision = '0012_survey_natural_key_index'
down_revision = '0011_withdrawn_import_keys'
branch_labels = None
depends_on = None

INDEX = 'ux_survey_response_natural_key'
# SQLite keeps the constraint unnamed: batch mode names it by this convention to drop it. PostgreSQL named it itself.
SQLITE_NAMES = {'uq': 'uq_%(table_name)s_%(column_0_name)s'}
SQLITE_CONSTRAINT, POSTGRES_CONSTRAINT = 'uq_survey_response_natural_key', 'survey_response_natural_key_key'


def upgrade() -> None:
    with op.batch_alter_table('survey_response', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(_constraint(), type_='unique')
        batch_op.create_index(INDEX, ['natural_key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('survey_response', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.create_unique_constraint(_constraint(), ['natural_key'])


def _constraint() -> str:
    return SQLITE_CONSTRAINT if op.get_bind().dialect.name == 'sqlite' else POSTGRES_CONSTRAINT
